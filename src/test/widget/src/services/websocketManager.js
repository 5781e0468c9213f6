import { v4 as uuidv4 } from 'uuid';

class WebSocketManager {
  constructor() {
    this.ws = null;
    this.sessionId = null;
    this.tenantId = process.env.REACT_APP_MIPTECH_TENANT_ID || 'miptech-company';
    this.baseURL = process.env.REACT_APP_MIPTECH_WS_URL || 'ws://localhost:8000';
    this.listeners = new Map();
    this.reconnectAttempts = 0;
    this.maxReconnectAttempts = 5;
    this.isConnected = false;
    this.reconnectTimeout = null;
    
    // üî• Enhanced debugging configuration
    this.debugMode = process.env.REACT_APP_DEBUG_WEBSOCKET === 'true';
    this.enableConnectionRetry = process.env.REACT_APP_ENABLE_CONNECTION_RETRY === 'true';
    this.triedEndpoints = new Set();
    
    // üî• WebSocket endpoint candidates for discovery
    this.wsEndpointCandidates = [
      '/api/v1/ws',           // Direct endpoint (what client expects)
      '/api/v1/ws/chat',      // Chat-specific endpoint
      '/ws',                  // Simple endpoint
      '/api/ws'               // Alternative API endpoint
    ];
    
    this.debugEnvironment();
  }

  debugEnvironment() {
    if (this.debugMode) {
      console.log('üêõ [WebSocket] Environment Debug:', {
        WS_URL: process.env.REACT_APP_MIPTECH_WS_URL,
        TENANT_ID: process.env.REACT_APP_MIPTECH_TENANT_ID,
        DEBUG_WEBSOCKET: process.env.REACT_APP_DEBUG_WEBSOCKET,
        ENABLE_CONNECTION_RETRY: process.env.REACT_APP_ENABLE_CONNECTION_RETRY,
        baseURL: this.baseURL,
        tenantId: this.tenantId,
        maxReconnectAttempts: this.maxReconnectAttempts,
        currentTime: new Date().toISOString()
      });
    }
  }

  connect(sessionId, endpointOverride = null) {
    this.sessionId = sessionId || uuidv4();
    
    // Try endpoint discovery if enabled and no override provided
    if (!endpointOverride && this.enableConnectionRetry && this.triedEndpoints.size === 0) {
      return this.connectWithDiscovery();
    }
    
    // Use provided endpoint or default
    const endpoint = endpointOverride || '/api/v1/ws';
    const wsUrl = `${this.baseURL}${endpoint}?tenant_id=${this.tenantId}&session_id=${this.sessionId}`;
    
    if (this.debugMode) {
      console.log(`üî• [WebSocket] Connection Attempt:`, {
        url: wsUrl,
        endpoint,
        baseURL: this.baseURL,
        tenantId: this.tenantId,
        sessionId: this.sessionId,
        attempt: this.reconnectAttempts + 1,
        maxAttempts: this.maxReconnectAttempts,
        triedEndpoints: Array.from(this.triedEndpoints),
        timestamp: new Date().toISOString()
      });
    }
    
    try {
      this.ws = new WebSocket(wsUrl);
      this.triedEndpoints.add(endpoint);
      
      this.ws.onopen = () => {
        console.log('[WebSocket] Connected to MIPTech Platform');
        this.isConnected = true;
        this.reconnectAttempts = 0;
        
        // Clear any existing reconnect timeout
        if (this.reconnectTimeout) {
          clearTimeout(this.reconnectTimeout);
          this.reconnectTimeout = null;
        }
        
        // üî• CRITICAL: Send authentication with tenant ID
        this.send({
          type: 'auth',
          data: {
            tenant_id: this.tenantId,
            session_id: this.sessionId,
            user_agent: navigator.userAgent,
            page_url: window.location.href
          }
        });
        
        this.emit('connected', { 
          sessionId: this.sessionId, 
          tenantId: this.tenantId 
        });
      };

      this.ws.onmessage = (event) => {
        try {
          const data = JSON.parse(event.data);
          console.log('[WebSocket] Received:', data);
          this.emit('message', data);
          
          // Handle specific message types
          if (data.type) {
            this.emit(data.type, data);
          }
        } catch (error) {
          console.error('[WebSocket] Failed to parse message:', error);
        }
      };

      this.ws.onclose = (event) => {
        console.log(`[WebSocket] Disconnected: ${event.code} ${event.reason}`);
        this.isConnected = false;
        this.emit('disconnected', { code: event.code, reason: event.reason });
        
        // Attempt to reconnect
        if (this.reconnectAttempts < this.maxReconnectAttempts) {
          this.reconnectAttempts++;
          const delay = Math.min(1000 * Math.pow(2, this.reconnectAttempts), 30000);
          console.log(`[WebSocket] Reconnecting in ${delay}ms (attempt ${this.reconnectAttempts}/${this.maxReconnectAttempts})`);
          
          this.reconnectTimeout = setTimeout(() => {
            this.connect(this.sessionId);
          }, delay);
        } else {
          console.error('[WebSocket] Max reconnection attempts reached');
          this.emit('max_reconnects_reached');
        }
      };

      this.ws.onerror = (error) => {
        console.error('[WebSocket] Error:', error);
        this.isConnected = false;
        this.emit('error', error);
      };
      
    } catch (error) {
      console.error('[WebSocket] Failed to create WebSocket connection:', error);
      this.emit('error', error);
    }
  }

  send(data) {
    if (this.ws && this.ws.readyState === WebSocket.OPEN) {
      const message = JSON.stringify(data);
      console.log('[WebSocket] Sending:', data);
      this.ws.send(message);
      return true;
    } else {
      console.warn('[WebSocket] Cannot send message, connection not open:', {
        readyState: this.ws?.readyState,
        isConnected: this.isConnected
      });
      return false;
    }
  }

  disconnect() {
    if (this.reconnectTimeout) {
      clearTimeout(this.reconnectTimeout);
      this.reconnectTimeout = null;
    }
    
    if (this.ws) {
      console.log('[WebSocket] Manually disconnecting');
      this.ws.close(1000, 'Manual disconnect');
      this.ws = null;
      this.isConnected = false;
    }
  }

  // Test connection method
  testConnection() {
    return {
      isConnected: this.isConnected,
      readyState: this.ws?.readyState,
      url: `${this.baseURL}/api/v1/ws?tenant_id=${this.tenantId}&session_id=${this.sessionId}`,
      tenantId: this.tenantId,
      sessionId: this.sessionId
    };
  }

  // Event listener management
  on(event, callback) {
    if (!this.listeners.has(event)) {
      this.listeners.set(event, new Set());
    }
    this.listeners.get(event).add(callback);
  }

  off(event, callback) {
    if (this.listeners.has(event)) {
      this.listeners.get(event).delete(callback);
    }
  }

  emit(event, data) {
    if (this.listeners.has(event)) {
      this.listeners.get(event).forEach(callback => {
        try {
          callback(data);
        } catch (error) {
          console.error(`[WebSocket] Error in ${event} callback:`, error);
        }
      });
    }
  }

  // Get connection status
  getStatus() {
    return {
      isConnected: this.isConnected,
      readyState: this.ws?.readyState,
      reconnectAttempts: this.reconnectAttempts,
      maxReconnectAttempts: this.maxReconnectAttempts,
      triedEndpoints: Array.from(this.triedEndpoints),
      debugMode: this.debugMode
    };
  }

  // üî• Enhanced debugging and discovery methods
  async testConnection() {
    if (this.debugMode) {
      console.log('üî• [WebSocket] Testing connection with discovery...', {
        candidates: this.wsEndpointCandidates,
        baseURL: this.baseURL,
        tenantId: this.tenantId
      });
    }

    // Test each endpoint candidate
    const results = [];
    for (const endpoint of this.wsEndpointCandidates) {
      const result = await this.testEndpoint(endpoint);
      results.push(result);
      
      if (result.success) {
        console.log(`‚úÖ [WebSocket] Found working endpoint: ${endpoint}`);
        return { success: true, endpoint, results };
      }
    }

    console.error('‚ùå [WebSocket] No working endpoints found');
    return { success: false, results };
  }

  // Test individual endpoint
  async testEndpoint(endpoint) {
    return new Promise((resolve) => {
      const wsUrl = `${this.baseURL}${endpoint}?tenant_id=${this.tenantId}&session_id=test-${Date.now()}`;
      const ws = new WebSocket(wsUrl);
      
      const timeout = setTimeout(() => {
        ws.close();
        resolve({ 
          endpoint, 
          success: false, 
          error: 'Connection timeout',
          url: wsUrl
        });
      }, 3000);

      ws.onopen = () => {
        clearTimeout(timeout);
        ws.close();
        resolve({ 
          endpoint, 
          success: true, 
          url: wsUrl,
          message: 'Connection successful'
        });
      };

      ws.onerror = (error) => {
        clearTimeout(timeout);
        resolve({ 
          endpoint, 
          success: false, 
          error: error.message || 'Connection failed',
          url: wsUrl
        });
      };

      ws.onclose = (event) => {
        clearTimeout(timeout);
        if (event.code === 1000) {
          // Normal closure after successful connection
          return;
        }
        resolve({ 
          endpoint, 
          success: false, 
          error: `Connection closed: ${event.code} ${event.reason}`,
          url: wsUrl,
          closeCode: event.code,
          closeReason: event.reason
        });
      };
    });
  }
}

export default new WebSocketManager();
