// The peer Parley is measured against: the chat server a team might write in an afternoon instead,
// Socket.IO rooms over PostgreSQL, with Parley's guarantee: each chat's messages get a gap-free seq,
// a send is acknowledged only after its transaction has committed (durably: PostgreSQL runs with
// fsync and synchronous_commit on), and a client_message_id sent again is acknowledged with the
// original message, neither stored nor broadcast twice. No auth, no tenants, no replay on join.
// Every payload repeats the fields of Parley's frames, so the benchmark's load generator reads both.
// Usage: node peer.mjs <port> <postgres-url>
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import pg from 'pg';

const port = Number(process.argv[2] || 9091);
pg.types.setTypeParser(20, Number); // bigint columns as numbers, as Parley writes them, not strings
// As many connections as Parley's pool (server-config/jdbc-pool.asadmin: maxpoolsize=32).
const pool = new pg.Pool({ connectionString: process.argv[3], max: 32 });

await pool.query(`
  CREATE TABLE IF NOT EXISTS chats (id bigint PRIMARY KEY, last_seq bigint NOT NULL);
  CREATE TABLE IF NOT EXISTS messages (id bigserial PRIMARY KEY, chat_id bigint NOT NULL REFERENCES chats,
    seq bigint NOT NULL, content text NOT NULL, client_message_id text,
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (chat_id, seq), UNIQUE (chat_id, client_message_id))`);

/** Stores a message in one transaction; answers {id, seq, duplicate} once committed. */
async function store(chatId, content, clientMessageId) {
  const db = await pool.connect();
  try {
    await db.query('BEGIN');
    // Advancing the chat's seq locks its row until COMMIT: the chat's sends take turns, so no seq is
    // skipped, and a repeated client_message_id finds its original committed below.
    const { rows: [{ last_seq: seq }] } = await db.query(`INSERT INTO chats VALUES ($1, 1)
      ON CONFLICT (id) DO UPDATE SET last_seq = chats.last_seq + 1 RETURNING last_seq`, [chatId]);
    if (clientMessageId != null) {
      const { rows: [original] } = await db.query(
        'SELECT id, seq FROM messages WHERE chat_id = $1 AND client_message_id = $2', [chatId, clientMessageId]);
      if (original) {
        await db.query('ROLLBACK'); // gives the seq back
        return { ...original, duplicate: true };
      }
    }
    const { rows: [{ id }] } = await db.query(`INSERT INTO messages (chat_id, seq, content, client_message_id)
      VALUES ($1, $2, $3, $4) RETURNING id`, [chatId, seq, content, clientMessageId ?? null]);
    await db.query('COMMIT');
    return { id, seq, duplicate: false };
  } catch (error) {
    await db.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
}

const http = createServer();
const io = new Server(http, { transports: ['websocket'], perMessageDeflate: false, serveClient: false });
io.on('connection', (socket) => {
  socket.emit('connected', { type: 'connected' });
  socket.on('join_chat', ({ chat_id }) => {
    socket.join(`chat:${chat_id}`);
    socket.emit('chat_joined', { type: 'chat_joined', chat_id });
  });
  // A socket's sends are handled one at a time, in the order sent, as Parley handles a connection's
  // frames: handled concurrently, one sender's pipelined messages would be stored out of order.
  let turn = Promise.resolve();
  socket.on('send_message', (frame, ack = () => {}) => { turn = turn.then(() => send(frame, ack)); });
  socket.on('ping', () => socket.emit('pong', { type: 'pong', timestamp: Date.now() }));
});

/** Stores a message, then acks it and broadcasts it to its chat's room (a repeated one: acked only). */
async function send({ chat_id, content, client_message_id }, ack) {
  let stored;
  try {
    stored = await store(chat_id, content, client_message_id);
  } catch (error) {
    console.error(error);
    return ack({ type: 'error', error: 'internal', chat_id, client_message_id });
  }
  ack({ type: 'message_ack', chat_id, message_id: stored.id, seq: stored.seq, client_message_id,
    duplicate: stored.duplicate });
  if (!stored.duplicate) {
    io.to(`chat:${chat_id}`).emit('message', { type: 'message', chat_id,
      message: { id: stored.id, chat_id, seq: stored.seq, content } });
  }
}

http.listen(port, '127.0.0.1', () => console.log(`peer listening on ${port}`));
