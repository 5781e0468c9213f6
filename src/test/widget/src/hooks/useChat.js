import { useState, useEffect, useCallback, useRef } from 'react';
import miptechApi from '../services/miptechApi';
import websocketManager from '../services/websocketManager';
import sessionManager from '../services/sessionManager';

export const useChat = () => {
  const [isConnected, setIsConnected] = useState(false);
  const [currentChat, setCurrentChat] = useState(null);
  const [messages, setMessages] = useState([]);
  const [isLoading, setIsLoading] = useState(false);
  const [error, setError] = useState(null);
  const [connectionStatus, setConnectionStatus] = useState('disconnected');
  const [isInitialized, setIsInitialized] = useState(false);
  
  const initializationRef = useRef(false);

  // Test API connection
  const testConnection = useCallback(async () => {
    try {
      setConnectionStatus('testing_api');
      const result = await miptechApi.testConnection();
      
      if (result.connected) {
        setConnectionStatus('api_connected');
        console.log('[useChat] API connection test successful');
        return result;
      } else {
        setConnectionStatus('api_failed');
        setError(`API connection failed: ${result.error}`);
        return result;
      }
    } catch (err) {
      setConnectionStatus('api_failed');
      setError(`API connection test failed: ${err.message}`);
      return { connected: false, error: err.message };
    }
  }, []);

  // Initialize chat with connection testing
  const initializeChat = useCallback(async () => {
    // Prevent multiple initializations
    if (initializationRef.current) {
      console.log('[useChat] Chat already initializing or initialized');
      return currentChat;
    }
    
    initializationRef.current = true;
    
    try {
      setIsLoading(true);
      setError(null);
      setConnectionStatus('initializing');
      
      // First test API connection
      console.log('[useChat] Testing API connection...');
      const connectionTest = await testConnection();
      if (!connectionTest.connected) {
        throw new Error(`API connection failed: ${connectionTest.error}`);
      }
      
      const session = sessionManager.getSession();
      console.log('[useChat] Using session:', session.id);
      
      // Create new chat
      console.log('[useChat] Creating new chat...');
      const chat = await miptechApi.createChat(session.id, session.visitorId);
      setCurrentChat(chat);
      setConnectionStatus('chat_created');
      
      // Load chat history
      try {
        console.log('[useChat] Loading chat history...');
        const history = await miptechApi.getChatHistory(chat.id);
        setMessages(history.items || []);
      } catch (historyError) {
        console.warn('[useChat] Failed to load chat history:', historyError.message);
        // Don't fail initialization if history loading fails
        setMessages([]);
      }
      
      // Connect WebSocket
      console.log('[useChat] Connecting WebSocket...');
      setConnectionStatus('connecting_websocket');
      websocketManager.connect(session.id);
      
      setIsInitialized(true);
      console.log('[useChat] Chat initialized successfully:', { 
        chatId: chat.id, 
        sessionId: session.id 
      });
      
      return chat;
    } catch (err) {
      console.error('[useChat] Failed to initialize chat:', err);
      setError(err.message);
      setConnectionStatus('failed');
      initializationRef.current = false; // Allow retry
      throw err;
    } finally {
      setIsLoading(false);
    }
  }, [currentChat, testConnection]);

  // Send message with enhanced error handling
  const sendMessage = useCallback(async (content) => {
    if (!currentChat) {
      throw new Error('No active chat session. Please initialize chat first.');
    }

    if (!content || !content.trim()) {
      throw new Error('Message content cannot be empty');
    }

    try {
      setIsLoading(true);
      setError(null);

      // Add user message immediately (optimistic update)
      const userMessage = {
        id: `temp-${Date.now()}`,
        content: content.trim(),
        role: 'user',
        timestamp: new Date().toISOString(),
        status: 'sending'
      };
      
      setMessages(prev => [...prev, userMessage]);
      sessionManager.addChatMessage(userMessage);

      // Send to API
      console.log('[useChat] Sending message to API...');
      const response = await miptechApi.sendMessage(currentChat.id, content.trim());
      
      // Update user message status
      setMessages(prev => 
        prev.map(msg => 
          msg.id === userMessage.id 
            ? { ...msg, id: response.id || msg.id, status: 'sent' }
            : msg
        )
      );

      // Add AI response if provided
      if (response && response.content) {
        const aiMessage = {
          ...response,
          status: 'received'
        };
        setMessages(prev => [...prev, aiMessage]);
        sessionManager.addChatMessage(aiMessage);
      }

      console.log('[useChat] Message sent successfully');
      return response;
    } catch (err) {
      console.error('[useChat] Failed to send message:', err);
      setError(err.message);
      
      // Update user message status to error
      setMessages(prev => 
        prev.map(msg => 
          msg.id === userMessage?.id 
            ? { ...msg, status: 'error', error: err.message }
            : msg
        )
      );
      
      throw err;
    } finally {
      setIsLoading(false);
    }
  }, [currentChat]);

  // Retry failed message
  const retryMessage = useCallback(async (messageId) => {
    const message = messages.find(msg => msg.id === messageId);
    if (message && message.role === 'user' && message.status === 'error') {
      try {
        await sendMessage(message.content);
        // Remove the failed message
        setMessages(prev => prev.filter(msg => msg.id !== messageId));
      } catch (error) {
        console.error('[useChat] Failed to retry message:', error);
      }
    }
  }, [messages, sendMessage]);

  // Clear all messages
  const clearMessages = useCallback(() => {
    setMessages([]);
    sessionManager.clearChatHistory();
  }, []);

  // Disconnect and cleanup
  const disconnect = useCallback(() => {
    console.log('[useChat] Disconnecting...');
    websocketManager.disconnect();
    setIsConnected(false);
    setConnectionStatus('disconnected');
    setCurrentChat(null);
    setIsInitialized(false);
    initializationRef.current = false;
  }, []);

  // WebSocket event handlers
  useEffect(() => {
    const handleConnected = (data) => {
      console.log('[useChat] WebSocket connected:', data);
      setIsConnected(true);
      setConnectionStatus('fully_connected');
      setError(null);
    };

    const handleDisconnected = (data) => {
      console.log('[useChat] WebSocket disconnected:', data);
      setIsConnected(false);
      setConnectionStatus('websocket_disconnected');
    };

    const handleMessage = (data) => {
      if (data.type === 'chat_message') {
        console.log('[useChat] Received WebSocket message:', data);
        const message = {
          ...data.message,
          status: 'received'
        };
        setMessages(prev => [...prev, message]);
        sessionManager.addChatMessage(message);
      }
    };

    const handleError = (error) => {
      console.error('[useChat] WebSocket error:', error);
      setError('WebSocket connection error');
      setIsConnected(false);
      setConnectionStatus('websocket_error');
    };

    const handleMaxReconnects = () => {
      console.error('[useChat] WebSocket max reconnects reached');
      setError('Connection lost. Please refresh the page to reconnect.');
      setConnectionStatus('connection_lost');
    };

    // Register event listeners
    websocketManager.on('connected', handleConnected);
    websocketManager.on('disconnected', handleDisconnected);
    websocketManager.on('message', handleMessage);
    websocketManager.on('error', handleError);
    websocketManager.on('max_reconnects_reached', handleMaxReconnects);

    return () => {
      // Cleanup event listeners
      websocketManager.off('connected', handleConnected);
      websocketManager.off('disconnected', handleDisconnected);
      websocketManager.off('message', handleMessage);
      websocketManager.off('error', handleError);
      websocketManager.off('max_reconnects_reached', handleMaxReconnects);
    };
  }, []);

  // Cleanup on unmount
  useEffect(() => {
    return () => {
      if (isInitialized) {
        disconnect();
      }
    };
  }, [isInitialized, disconnect]);

  return {
    // Connection state
    isConnected,
    connectionStatus,
    isInitialized,
    
    // Chat data
    currentChat,
    messages,
    isLoading,
    error,
    
    // Actions
    initializeChat,
    sendMessage,
    retryMessage,
    clearMessages,
    disconnect,
    testConnection,
    
    // Utilities
    sessionData: sessionManager.getSession(),
    messageCount: messages.length,
    lastMessage: messages[messages.length - 1],
    hasErrors: !!error,
    canSendMessage: isConnected && currentChat && !isLoading
  };
};
