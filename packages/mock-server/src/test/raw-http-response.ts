/** Reading the mock's answers as the bytes it wrote, for tests that check what a client's own parser would hide. */
import { connect } from 'node:net';

export interface RawResponse {
  /** Interim (1xx) status lines that came before the answer. */
  interim: string[];
  status: number;
  headers: Record<string, string>;
  body: string;
  /** What came after this response on the connection. */
  rest: string;
}

/** Reads an HTTP/1.x response as the server wrote it: interim responses, then the answer, chunked or not. */
export function parseRawResponse(text: string): RawResponse {
  const interim: string[] = [];
  let rest = text;
  for (;;) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) throw new Error(`No complete head in ${JSON.stringify(rest.slice(0, 200))}`);
    const [statusLine, ...lines] = rest.slice(0, end).split('\r\n');
    rest = rest.slice(end + 4);
    const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine!)?.[1]);
    if (status >= 100 && status < 200) {
      interim.push(statusLine!);
      continue;
    }
    const headers = Object.fromEntries(lines.map((line) => [line.slice(0, line.indexOf(':')).toLowerCase(), line.slice(line.indexOf(':') + 1).trim()]));
    if (headers['transfer-encoding'] === 'chunked') return { interim, status, headers, ...dechunk(rest) };
    if (headers['content-length'] === undefined) return { interim, status, headers, body: rest, rest: '' };
    // Lengths count bytes: the mock's answers hold multi-byte characters.
    const bytes = Buffer.from(rest);
    const length = Number(headers['content-length']);
    return { interim, status, headers, body: bytes.subarray(0, length).toString(), rest: bytes.subarray(length).toString() };
  }
}

function dechunk(text: string): { body: string; rest: string } {
  let body = '';
  let bytes = Buffer.from(text);
  for (;;) {
    const lineEnd = bytes.indexOf('\r\n');
    const size = parseInt(bytes.subarray(0, lineEnd).toString(), 16);
    if (!(size >= 0)) throw new Error(`Bad chunk size in ${JSON.stringify(bytes.subarray(0, 50).toString())}`);
    bytes = bytes.subarray(lineEnd + 2);
    // The last chunk, then an empty trailer.
    if (size === 0) return { body, rest: bytes.subarray(2).toString() };
    body += bytes.subarray(0, size).toString();
    bytes = bytes.subarray(size + 2);
  }
}

/** Writes `bytes` on a new connection to the mock on `port` and reads what comes back until the server closes it. */
export function rawExchange(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.once('error', reject);
    socket.once('close', () => resolve(text));
    socket.write(bytes);
  });
}
