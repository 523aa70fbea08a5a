/**
 * The path of a request target, without its query, taken literally: `//openai/v1/models` is that path,
 * not the path `/v1/models` of a host `openai`, as `new URL(target, base)` would read it. An absolute
 * target (`http://host/path`, which RFC 9112 requires servers to accept) gives its path; any other
 * target (`*`, or text no URL parser accepts) is returned as it is, to be answered 404 like any unknown path.
 */
export function requestPath(target: string): string {
  const queryAt = target.indexOf('?');
  const path = queryAt === -1 ? target : target.slice(0, queryAt);
  if (path.startsWith('/') || !/^https?:\/\//i.test(path)) return path;
  try {
    return new URL(target).pathname;
  } catch {
    return path;
  }
}
