import { describe, expectTypeOf, test } from 'vitest';
import type { APIErrorBody } from './api-error-body.js';
import type { ModelList, ModelListResponse } from './model.js';

describe('Model and ModelList', () => {
  test('describe GET /openai/v1/models', () => {
    const list = {
      object: 'list',
      data: [
        {
          id: 'llama-3.1-8b-instant',
          object: 'model',
          created: 1_693_721_698,
          owned_by: 'Meta',
          active: true,
          context_window: 131_072,
          public_apps: null,
          max_completion_tokens: 131_072,
        },
      ],
    } satisfies ModelList;
    expectTypeOf(list).toExtend<ModelList>();
  });

  test("ModelListResponse is groq-sdk's name for ModelList", () => {
    expectTypeOf<ModelListResponse>().toEqualTypeOf<ModelList>();
  });
});

describe('APIErrorBody', () => {
  test("describes Groq's error bodies", () => {
    const rateLimited = {
      error: {
        message: 'Rate limit reached for model llama-3.3-70b-versatile on tokens per minute (TPM). Please try again in 5.289s.',
        type: 'tokens',
        code: 'rate_limit_exceeded',
      },
    } satisfies APIErrorBody;
    const toolUseFailed = {
      error: {
        message: 'Failed to call a function. Please adjust your prompt.',
        type: 'invalid_request_error',
        code: 'tool_use_failed',
        failed_generation: '<function=get_weather>{"city": Paris}</function>',
      },
    } satisfies APIErrorBody;
    const unknownCode = { error: { message: 'Something new', code: 'brand_new_code', param: null } } satisfies APIErrorBody;
    expectTypeOf([rateLimited, toolUseFailed, unknownCode]).toExtend<APIErrorBody[]>();
    // @ts-expect-error: message is required
    ({ error: { code: 'invalid_api_key' } }) satisfies APIErrorBody;
  });
});
