// The vanilla JavaScript ChatClient of a frontend team's integration guide, kept as they wrote it: Parley's
// browser tests run it against Parley (with its host replaced) so that their client keeps working.
class ChatClient {
  constructor(token) {
    this.token = token;
    this.ws = null;
    this.listeners = {};
  }

  connect() {
    const wsUrl = `ws://localhost:8000/api/v1/chat/ws/chat/user?token=${this.token}`;
    this.ws = new WebSocket(wsUrl);

    this.ws.onopen = () => {
      console.log('Connected');
      this.emit('connected');
    };

    this.ws.onmessage = (event) => {
      const data = JSON.parse(event.data);
      this.emit(data.type, data);
    };

    this.ws.onerror = (error) => {
      console.error('Error:', error);
      this.emit('error', error);
    };

    this.ws.onclose = () => {
      console.log('Disconnected');
      this.emit('disconnected');
      // Auto-reconnect after 3 seconds
      setTimeout(() => this.connect(), 3000);
    };
  }

  send(message) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      this.ws.send(JSON.stringify(message));
    }
  }

  joinChat(chatId) {
    this.send({ type: 'join_chat', chat_id: chatId });
  }

  leaveChat(chatId) {
    this.send({ type: 'leave_chat', chat_id: chatId });
  }

  sendMessage(chatId, content, messageType = 'text') {
    this.send({
      type: 'send_message',
      chat_id: chatId,
      content: content,
      message_type: messageType
    });
  }

  sendTyping(chatId, isTyping) {
    this.send({
      type: 'typing',
      chat_id: chatId,
      is_typing: isTyping
    });
  }

  markAsRead(chatId, messageId) {
    this.send({
      type: 'read_message',
      chat_id: chatId,
      message_id: messageId
    });
  }

  on(event, callback) {
    if (!this.listeners[event]) {
      this.listeners[event] = [];
    }
    this.listeners[event].push(callback);
  }

  emit(event, data) {
    if (this.listeners[event]) {
      this.listeners[event].forEach(callback => callback(data));
    }
  }

  disconnect() {
    if (this.ws) {
      this.ws.close();
    }
  }
}

