import { request as forwardRequest } from 'node:http';

/**
 * Passes `request` on to the mock server at `upstream` (a URL) and its answer back to `response`, both bodies
 * piped as they come; a browser that leaves closes the upstream request, as a real relay must, and an answer
 * cut off upstream closes the browser's connection.
 */
export function forwardToMock(upstream, request, response) {
  const forward = forwardRequest(
    { host: upstream.hostname, port: upstream.port, path: request.url, method: request.method, headers: { ...request.headers, host: upstream.host } },
    (answer) => {
      response.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(response);
      // An answer the mock cut off (its `drop` scenario) is cut off for the browser too, rather than left
      // open: pipe() ends the response only for an answer that ended.
      answer.on('close', () => {
        if (!answer.complete) response.destroy();
      });
    },
  );
  forward.on('error', () => response.destroy());
  response.on('close', () => {
    if (!response.writableFinished) forward.destroy();
  });
  request.pipe(forward);
}
