import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { expect, it } from 'vitest';
import { generateAnswerTokens } from './generate-answer.js';
import { useMockServer } from './test/mock-test-helpers.js';

// Python's standard library against the mock: http.client is the HTTP/1.1 parser under urllib and under
// requests (through urllib3), and is stricter than Node's about framing. python3 comes with every machine of
// this project's kind (node), and CI runs on such a machine: the test runs everywhere and skips nothing.

const server = useMockServer();
const PROMPT = 'Hello from Python’s http.client, café';

// One connection for every request: a stream read line by line as an SSE client reads it and a whole answer (both
// asking for compression, which the mock never uses), HEAD, the models, a 405; then urllib, which sends a JSON
// body on a connection of its own.
const SCRIPT = String.raw`
import http.client, json, sys, urllib.request, urllib.error
base, prompt = sys.argv[1], sys.argv[2]
port = int(base.rsplit(':', 1)[1])
headers = {'Authorization': 'Bearer test-key', 'Content-Type': 'application/json'}
def body(stream):
    return json.dumps({'model': 'llama-3.3-70b-versatile', 'messages': [{'role': 'user', 'content': prompt}], 'stream': stream})
connection = http.client.HTTPConnection('127.0.0.1', port, timeout=10)
ports, out = set(), {}
def send(method, path, payload=None, extra={}):
    connection.request(method, path, payload, {**headers, **extra})
    ports.add(connection.sock.getsockname()[1])
    return connection.getresponse()
# As curl --compressed asks: the mock answers uncompressed whatever Accept-Encoding says (identity is always acceptable).
response = send('POST', '/openai/v1/chat/completions', body(True), {'x-mock-tokens-per-second': '200', 'Accept-Encoding': 'gzip, br'})
text, lines = '', []
while True:
    line = response.readline()
    if not line: break
    lines.append(line)
    if line.startswith(b'data: {'): text += json.loads(line[6:])['choices'][0]['delta'].get('content') or ''
out['stream'] = {'status': response.status, 'type': response.getheader('content-type'), 'encoding': response.getheader('content-encoding'), 'text': text, 'end': [l.decode() for l in lines[-2:]]}
response = send('POST', '/openai/v1/chat/completions', body(False), {'Accept-Encoding': 'gzip, br'})
answer = json.loads(response.read())
out['whole'] = {'status': response.status, 'encoding': response.getheader('content-encoding'), 'text': answer['choices'][0]['message']['content'], 'total_time': type(answer['usage']['total_time']).__name__}
response = send('HEAD', '/openai/v1/models')
out['head'] = {'status': response.status, 'body': response.read().decode(), 'length': response.getheader('content-length')}
response = send('GET', '/openai/v1/models')
out['models'] = {'status': response.status, 'length': response.getheader('content-length'), 'count': len(json.loads(response.read())['data'])}
response = send('GET', '/openai/v1/chat/completions')
out['get_chat'] = {'status': response.status, 'allow': response.getheader('allow'), 'code': json.loads(response.read())['error']['code']}
out['ports'] = len(ports)
request = urllib.request.Request(base + '/openai/v1/chat/completions', data=body(False).encode(), headers=headers)
with urllib.request.urlopen(request) as response:
    out['urllib'] = json.loads(response.read())['choices'][0]['message']['content']
try:
    urllib.request.urlopen(urllib.request.Request(base + '/openai/v1/chat/completions', data=b'{', headers=headers))
except urllib.error.HTTPError as error:
    out['urllib_error'] = {'status': error.code, 'type': json.loads(error.read())['error']['type']}
print(json.dumps(out))
`;

it("reads the mock's answers with Python's http.client and urllib, streams line by line, over one kept-alive connection", async () => {
  const { stdout } = await promisify(execFile)('python3', ['-c', SCRIPT, server.url, PROMPT]);
  const answer = generateAnswerTokens(PROMPT).join('');
  expect(JSON.parse(stdout)).toEqual({
    stream: { status: 200, type: 'text/event-stream', encoding: null, text: answer, end: ['data: [DONE]\n', '\n'] },
    whole: { status: 200, encoding: null, text: answer, total_time: 'float' },
    head: { status: 200, body: '', length: expect.stringMatching(/^\d+$/) },
    models: { status: 200, length: expect.stringMatching(/^\d+$/), count: 6 },
    get_chat: { status: 405, allow: 'POST, OPTIONS', code: 'method_not_allowed' },
    ports: 1,
    urllib: answer,
    urllib_error: { status: 400, type: 'invalid_request_error' },
  });
  expect(server.stats()).toMatchObject({ requests: 7, streamsStarted: 1, streamsCompleted: 1, streamsAborted: 0 });
});
