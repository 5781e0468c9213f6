import { v4 as uuidv4 } from 'uuid';

class SessionManager {
  constructor() {
    this.sessionKey = 'miptech_session';
    this.session = this.loadSession();
  }

  loadSession() {
    try {
      const saved = localStorage.getItem(this.sessionKey);
      if (saved) {
        const session = JSON.parse(saved);
        // Check if session is still valid (24 hours)
        const now = Date.now();
        const sessionAge = now - session.createdAt;
        if (sessionAge < 24 * 60 * 60 * 1000) {
          console.log('[Session] Loaded existing session:', session.id);
          return session;
        } else {
          console.log('[Session] Session expired, creating new one');
        }
      }
    } catch (error) {
      console.error('[Session] Failed to load session:', error);
    }
    
    return this.createSession();
  }

  createSession() {
    const session = {
      id: uuidv4(),
      visitorId: uuidv4(),
      createdAt: Date.now(),
      lastActivity: Date.now(),
      chatHistory: [],
      preferences: {
        theme: 'light',
        notifications: true
      },
      metadata: {
        userAgent: navigator.userAgent,
        initialUrl: window.location.href,
        referrer: document.referrer
      }
    };
    
    console.log('[Session] Created new session:', session.id);
    this.saveSession(session);
    return session;
  }

  saveSession(session = this.session) {
    try {
      session.lastActivity = Date.now();
      localStorage.setItem(this.sessionKey, JSON.stringify(session));
      this.session = session;
    } catch (error) {
      console.error('[Session] Failed to save session:', error);
    }
  }

  getSession() {
    return this.session;
  }

  updateSession(updates) {
    this.session = { ...this.session, ...updates };
    this.saveSession();
  }

  clearSession() {
    console.log('[Session] Clearing session');
    localStorage.removeItem(this.sessionKey);
    this.session = this.createSession();
  }

  // Chat-specific methods
  addChatMessage(message) {
    this.session.chatHistory.push({
      ...message,
      timestamp: Date.now()
    });
    
    // Keep only last 100 messages
    if (this.session.chatHistory.length > 100) {
      this.session.chatHistory = this.session.chatHistory.slice(-100);
    }
    
    this.saveSession();
  }

  getChatHistory() {
    return this.session.chatHistory;
  }

  clearChatHistory() {
    this.session.chatHistory = [];
    this.saveSession();
  }
}

export default new SessionManager();
