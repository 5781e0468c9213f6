// The bar Parley is measured against: a bare Node.js `ws` broadcast server that speaks
// the subset of Parley's frames the load generator uses, with no auth and no persistence.
// Usage: node baseline.mjs <port>
import { WebSocketServer } from 'ws';

const port = Number(process.argv[2] || 9090);
const rooms = new Map(); // chat_id -> Set of sockets
let nextId = 1;

const server = new WebSocketServer({ port, host: '127.0.0.1', perMessageDeflate: false });
server.on('connection', (socket) => {
  const joined = new Set();
  socket.send(JSON.stringify({ type: 'connected' }));
  socket.on('message', (raw) => {
    const frame = JSON.parse(raw);
    if (frame.type === 'join_chat') {
      if (!rooms.has(frame.chat_id)) rooms.set(frame.chat_id, new Set());
      rooms.get(frame.chat_id).add(socket);
      joined.add(frame.chat_id);
      socket.send(JSON.stringify({ type: 'chat_joined', chat_id: frame.chat_id }));
    } else if (frame.type === 'send_message') {
      const id = nextId++;
      const text = JSON.stringify({ type: 'message', chat_id: frame.chat_id,
        message: { id, chat_id: frame.chat_id, seq: id, content: frame.content } });
      for (const peer of rooms.get(frame.chat_id) || []) peer.send(text);
      socket.send(JSON.stringify({ type: 'message_ack', chat_id: frame.chat_id, message_id: id, seq: id,
        client_message_id: frame.client_message_id }));
    } else if (frame.type === 'ping') {
      socket.send(JSON.stringify({ type: 'pong', timestamp: Date.now() }));
    }
  });
  socket.on('close', () => { for (const chat of joined) rooms.get(chat)?.delete(socket); });
});
server.on('listening', () => console.log(`baseline listening on ${port}`));
