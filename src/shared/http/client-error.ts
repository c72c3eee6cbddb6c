import { type Server, STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { problem } from '../errors/problem.filter.js';
import { INVALID_CHARACTERS } from './input-guard.js';

interface ParserError extends Error {
  code?: string;
  rawPacket?: Buffer;
}

/**
 * Requests Node's HTTP parser refuses before Express sees them (headers over the server's
 * maxHeaderSize, a NUL or other invalid byte in a header, a malformed request line, a header timeout)
 * get the same problem+json body as everything else, instead of Node's bare status line.
 */
export function answerClientErrors(server: Server): void {
  server.on('clientError', (err: ParserError, socket: Duplex) => {
    if (err.code === 'ECONNRESET' || !socket.writable) {
      socket.destroy();
      return;
    }
    const [status, code, detail] = classify(err);
    const body = JSON.stringify({ ...problem(status, code, detail) });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Bad Request'}\r\n` +
        'Content-Type: application/problem+json\r\n' +
        `Content-Length: ${Buffer.byteLength(body)}\r\n` +
        'Connection: close\r\n\r\n' +
        body,
    );
  });
}

function classify(err: ParserError): [number, string, string] {
  if (err.code === 'HPE_HEADER_OVERFLOW')
    return [431, 'HTTP.HEADERS_TOO_LARGE', 'The request headers are larger than the server accepts'];
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT' || err.code === 'HPE_HEADER_TIMEOUT')
    return [408, 'HTTP.REQUEST_TIMEOUT', 'The request was not received in time'];
  if (err.rawPacket?.includes(0))
    return [400, INVALID_CHARACTERS, 'The request contains a NUL character, which is not accepted'];
  return [400, 'HTTP.MALFORMED_REQUEST', 'The request is not valid HTTP'];
}
