import { APIPromise } from './api-promise.js';
import type { RequestOptions } from './client-options.js';
import type { Groq } from './groq.js';
import { isListOfObjects } from './is-object.js';
import { readJSONResult, type ResultShape } from './read-json-result.js';
import type { ModelList } from './types/model.js';

/** `client.models`: the models your key can use. */
export class Models {
  /**
   * Made by {@link Groq}; use `client.models` rather than constructing one.
   *
   * @param client - Sends the requests, with its key and defaults.
   */
  constructor(private readonly client: Groq) {}

  /** Lists the models (`GET /openai/v1/models`). */
  list(options: RequestOptions = {}): APIPromise<ModelList> {
    return new APIPromise(
      (async () => {
        const sent = await this.client.request('GET', '/openai/v1/models', undefined, options);
        return readJSONResult<ModelList>(sent, modelListShape, options.signal);
      })(),
    );
  }
}

const modelListShape: ResultShape = {
  expected: 'a model list (a JSON object whose data is a list of objects)',
  matches: ({ data }) => isListOfObjects(data),
};
