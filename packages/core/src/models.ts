import { APIPromise } from './api-promise.js';
import type { RequestOptions } from './client-options.js';
import { GroqError } from './errors/groq-error.js';
import { readRequestOptions } from './client-option-checks.js';
import type { Groq } from './groq.js';
import { isListOfObjects } from './is-object.js';
import { modelFieldProblem, modelListFieldProblem } from './model-field-problem.js';
import { readJSONResult, type ResultShape } from './read-json-result.js';
import type { Model, ModelList } from './types/model.js';

/** `client.models`: the models your key can use. */
export class Models {
  /**
   * Made by {@link Groq}; use `client.models` rather than constructing one.
   *
   * @param client - Sends the requests, with its key and defaults.
   */
  constructor(private readonly client: Groq) {}

  /** Lists the models (`GET /openai/v1/models`). */
  list(requestOptions?: RequestOptions | null): APIPromise<ModelList> {
    return getResult<ModelList>(this.client, '/openai/v1/models', requestOptions, modelListShape);
  }

  /**
   * One model, by its ID (`GET /openai/v1/models/{model}`); a model that does not exist, or that your key
   * cannot use, rejects with `NotFoundError`.
   *
   * @param model - The model's ID, such as `llama-3.3-70b-versatile` or `openai/gpt-oss-20b`.
   */
  retrieve(model: string, requestOptions?: RequestOptions | null): APIPromise<Model> {
    // `.` and `..` stay path steps even encoded (`%2E`), so they would ask for /openai/v1/models/ or /openai/v1/.
    if (typeof model !== 'string' || model === '' || model === '.' || model === '..') {
      const got = typeof model !== 'string' ? (model === null ? 'null' : typeof model) : model === '' ? 'an empty string' : `"${model}", which is no model ID`;
      return new APIPromise(Promise.reject(new GroqError(`models.retrieve() takes a model ID, got ${got}.`, { hint: "Pass an ID such as 'llama-3.3-70b-versatile'; models.list() lists them." })));
    }
    // Encoded whole, `/` included, so that an ID such as `openai/gpt-oss-20b` stays one path segment.
    return getResult<Model>(this.client, `/openai/v1/models/${encodeURIComponent(model)}`, requestOptions, modelShape);
  }
}

/**
 * `GET path` with `client`, its answer read as JSON of `shape`. The request options are read once, for the
 * request and the reading of its answer alike: see `readRequestOptions`.
 */
function getResult<Result>(client: Groq, path: string, requestOptions: RequestOptions | null | undefined, shape: ResultShape): APIPromise<Result> {
  return new APIPromise(
    (async () => {
      const options = readRequestOptions(requestOptions, { method: 'GET', path: new URL(client.baseURL + path).pathname });
      const sent = await client.request('GET', path, undefined, options);
      return readJSONResult<Result>(sent, shape, options.signal);
    })(),
  );
}

const modelListShape: ResultShape = {
  expected: 'a model list (a JSON object whose data is a list of objects)',
  matches: ({ data }) => isListOfObjects(data),
  // Then each typed field's JSON type, as a chat completion's are checked: a model's `created` that is text is an
  // APIError naming it, not a number in the caller's type that is not one.
  fields: { name: 'a model list', problem: modelListFieldProblem },
};

const modelShape: ResultShape = {
  expected: 'a model (a JSON object with a string id)',
  matches: ({ id }) => typeof id === 'string',
  fields: { name: 'a model', problem: modelFieldProblem },
};
