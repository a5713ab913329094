// The HTTP ceiling: a bare Node `http` server that reads each request's body and answers every request
// with the same JSON body of a given size, nothing else. Run by bench/http-load.ts with `npm start`'s
// Node options, loaded by the same autocannon clients as the real server, so the real server's figures
// can be read as shares of what Node's HTTP layer alone manages on this machine in the same run.
// Usage: node bare-http-server.js <port> <body bytes>; prints "listening" when ready.
import { createServer } from 'node:http';

const [port, bytes] = process.argv.slice(2).map(Number);
// A JSON string of the requested length: {"x":"aaa…"} (the 8 bytes of framing count towards it).
const body = Buffer.from(`{"x":"${'a'.repeat(Math.max(0, bytes - 8))}"}`);
createServer((request, response) => {
  request.on('data', () => undefined);
  request.on('end', () => {
    response.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': body.length });
    response.end(body);
  });
}).listen(port, '127.0.0.1', () => process.stdout.write('listening\n'));
