import React, { useState, useEffect, useRef } from 'react';
import { useChat } from '../hooks/useChat';
import { MessageCircle, Send, X, Minimize2, Maximize2, AlertCircle, Wifi, WifiOff } from 'lucide-react';

const ChatWidget = ({ 
  position = 'bottom-right',
  theme = 'light',
  primaryColor = '#2563eb',
  className = '',
  title = 'MIPTech AI Assistant',
  placeholder = 'Type your message...'
}) => {
  const [isOpen, setIsOpen] = useState(false);
  const [isMinimized, setIsMinimized] = useState(false);
  const [inputValue, setInputValue] = useState('');
  
  const widgetRef = useRef(null);
  const chatRef = useRef(null);
  const messagesRef = useRef(null);
  const inputRef = useRef(null);
  
  const {
    isConnected,
    connectionStatus,
    currentChat,
    messages,
    isLoading,
    error,
    initializeChat,
    sendMessage,
    retryMessage,
    clearMessages,
    canSendMessage
  } = useChat();

  // Initialize chat when widget opens
  useEffect(() => {
    if (isOpen && !currentChat) {
      console.log('[ChatWidget] Initializing chat...');
      initializeChat().catch(console.error);
    }
  }, [isOpen, currentChat, initializeChat]);

  // Auto-scroll to bottom when new messages arrive
  useEffect(() => {
    if (messagesRef.current) {
      messagesRef.current.scrollTop = messagesRef.current.scrollHeight;
    }
  }, [messages]);

  // Focus input when chat opens
  useEffect(() => {
    if (isOpen && !isMinimized && inputRef.current) {
      setTimeout(() => inputRef.current?.focus(), 100);
    }
  }, [isOpen, isMinimized]);

  const handleToggle = () => {
    setIsOpen(!isOpen);
  };

  const handleMinimize = () => {
    setIsMinimized(!isMinimized);
  };

  const handleSubmit = async (e) => {
    e.preventDefault();
    if (!inputValue.trim() || !canSendMessage) return;

    const message = inputValue.trim();
    setInputValue('');

    try {
      await sendMessage(message);
    } catch (error) {
      console.error('[ChatWidget] Failed to send message:', error);
    }
  };

  const handleRetry = async (messageId) => {
    try {
      await retryMessage(messageId);
    } catch (error) {
      console.error('[ChatWidget] Failed to retry message:', error);
    }
  };

  const getPositionClasses = () => {
    const positions = {
      'bottom-right': 'bottom-4 right-4',
      'bottom-left': 'bottom-4 left-4',
      'top-right': 'top-4 right-4',
      'top-left': 'top-4 left-4'
    };
    return positions[position] || positions['bottom-right'];
  };

  const getStatusColor = () => {
    switch (connectionStatus) {
      case 'fully_connected':
        return 'bg-green-400';
      case 'connecting_websocket':
      case 'initializing':
      case 'testing_api':
        return 'bg-yellow-400';
      case 'failed':
      case 'api_failed':
      case 'websocket_error':
      case 'connection_lost':
        return 'bg-red-400';
      default:
        return 'bg-gray-400';
    }
  };

  const getStatusText = () => {
    switch (connectionStatus) {
      case 'fully_connected':
        return 'Connected';
      case 'connecting_websocket':
        return 'Connecting...';
      case 'initializing':
        return 'Initializing...';
      case 'testing_api':
        return 'Testing connection...';
      case 'failed':
      case 'api_failed':
        return 'Connection failed';
      case 'websocket_error':
        return 'Connection error';
      case 'connection_lost':
        return 'Connection lost';
      default:
        return 'Disconnected';
    }
  };

  const ConnectionStatusIcon = () => {
    if (isConnected) {
      return <Wifi size={12} className="text-green-400" />;
    } else {
      return <WifiOff size={12} className="text-red-400" />;
    }
  };

  const MessageComponent = ({ message, onRetry }) => (
    <div
      className={`flex ${
        message.role === 'user' ? 'justify-end' : 'justify-start'
      } mb-3`}
    >
      <div
        className={`max-w-xs px-3 py-2 rounded-lg ${
          message.role === 'user'
            ? 'bg-blue-600 text-white'
            : 'bg-white dark:bg-gray-800 text-gray-800 dark:text-gray-200 border'
        } ${
          message.status === 'sending' ? 'opacity-70' : ''
        } ${
          message.status === 'error' ? 'border-red-500 bg-red-50' : ''
        }`}
      >
        <div className="break-words">{message.content}</div>
        
        {/* Message status indicators */}
        <div className="flex items-center justify-between mt-1">
          <div className="text-xs opacity-70">
            {message.status === 'sending' && 'Sending...'}
            {message.status === 'error' && (
              <span className="text-red-600 flex items-center gap-1">
                <AlertCircle size={12} />
                Failed
              </span>
            )}
          </div>
          
          {message.status === 'error' && (
            <button
              onClick={() => onRetry(message.id)}
              className="text-xs text-blue-600 hover:text-blue-800"
            >
              Retry
            </button>
          )}
        </div>
      </div>
    </div>
  );

  return (
    <div 
      ref={widgetRef}
      className={`fixed ${getPositionClasses()} z-50 ${className}`}
      style={{ '--primary-color': primaryColor }}
    >
      {/* Chat Toggle Button */}
      {!isOpen && (
        <button
          onClick={handleToggle}
          className="bg-blue-600 hover:bg-blue-700 text-white p-4 rounded-full shadow-lg transition-all duration-300 hover:scale-110 relative"
          style={{ backgroundColor: primaryColor }}
          aria-label="Open chat"
        >
          <MessageCircle size={24} />
          {/* Connection status indicator */}
          <div className={`absolute -top-1 -right-1 w-3 h-3 rounded-full ${getStatusColor()}`} />
        </button>
      )}

      {/* Chat Widget */}
      {isOpen && (
        <div
          ref={chatRef}
          className={`w-80 bg-white dark:bg-gray-800 rounded-lg shadow-xl border border-gray-200 dark:border-gray-700 ${
            isMinimized ? 'h-16' : 'h-96'
          } flex flex-col overflow-hidden transition-all duration-300`}
        >
          {/* Header */}
          <div 
            className="text-white p-4 flex items-center justify-between"
            style={{ backgroundColor: primaryColor }}
          >
            <div className="flex items-center space-x-2">
              <ConnectionStatusIcon />
              <div className="flex flex-col">
                <span className="font-semibold text-sm">{title}</span>
                <span className="text-xs opacity-90">{getStatusText()}</span>
              </div>
            </div>
            <div className="flex items-center space-x-1">
              <button
                onClick={handleMinimize}
                className="p-1 hover:bg-white hover:bg-opacity-20 rounded"
                aria-label={isMinimized ? "Maximize" : "Minimize"}
              >
                {isMinimized ? <Maximize2 size={16} /> : <Minimize2 size={16} />}
              </button>
              <button
                onClick={handleToggle}
                className="p-1 hover:bg-white hover:bg-opacity-20 rounded"
                aria-label="Close chat"
              >
                <X size={16} />
              </button>
            </div>
          </div>

          {!isMinimized && (
            <>
              {/* Messages */}
              <div
                ref={messagesRef}
                className="flex-1 p-4 overflow-y-auto bg-gray-50 dark:bg-gray-900"
              >
                {/* Error display */}
                {error && (
                  <div className="mb-3 p-3 bg-red-100 border border-red-400 text-red-700 rounded text-sm">
                    <div className="flex items-center gap-2">
                      <AlertCircle size={16} />
                      <span className="font-medium">Connection Error</span>
                    </div>
                    <div className="mt-1">{error}</div>
                    <button
                      onClick={() => initializeChat()}
                      className="mt-2 text-xs bg-red-600 text-white px-2 py-1 rounded hover:bg-red-700"
                    >
                      Retry Connection
                    </button>
                  </div>
                )}

                {/* Welcome message */}
                {messages.length === 0 && !error && (
                  <div className="text-center text-gray-500 text-sm py-8">
                    <MessageCircle size={32} className="mx-auto mb-2 opacity-50" />
                    <p>Welcome! How can I help you today?</p>
                  </div>
                )}
                
                {/* Messages */}
                {messages.map((message) => (
                  <MessageComponent
                    key={message.id}
                    message={message}
                    onRetry={handleRetry}
                  />
                ))}
                
                {/* Loading indicator */}
                {isLoading && (
                  <div className="flex justify-start mb-3">
                    <div className="bg-white dark:bg-gray-800 px-3 py-2 rounded-lg border">
                      <div className="flex space-x-1">
                        <div className="w-2 h-2 bg-gray-400 rounded-full animate-bounce" />
                        <div className="w-2 h-2 bg-gray-400 rounded-full animate-bounce" style={{ animationDelay: '0.1s' }} />
                        <div className="w-2 h-2 bg-gray-400 rounded-full animate-bounce" style={{ animationDelay: '0.2s' }} />
                      </div>
                    </div>
                  </div>
                )}
              </div>

              {/* Input */}
              <form onSubmit={handleSubmit} className="p-4 bg-white dark:bg-gray-800 border-t">
                <div className="flex space-x-2">
                  <input
                    ref={inputRef}
                    type="text"
                    value={inputValue}
                    onChange={(e) => setInputValue(e.target.value)}
                    placeholder={placeholder}
                    className="flex-1 px-3 py-2 border rounded-lg focus:outline-none focus:ring-2 focus:ring-blue-500 dark:bg-gray-700 dark:border-gray-600 dark:text-white disabled:opacity-50"
                    disabled={!canSendMessage}
                    maxLength={4000}
                  />
                  <button
                    type="submit"
                    disabled={!inputValue.trim() || !canSendMessage}
                    className="bg-blue-600 hover:bg-blue-700 disabled:opacity-50 disabled:cursor-not-allowed text-white p-2 rounded-lg transition-colors"
                    style={{ backgroundColor: canSendMessage ? primaryColor : undefined }}
                    aria-label="Send message"
                  >
                    <Send size={16} />
                  </button>
                </div>
                
                {/* Character count */}
                {inputValue.length > 3500 && (
                  <div className="text-xs text-gray-500 mt-1 text-right">
                    {inputValue.length}/4000
                  </div>
                )}
              </form>
            </>
          )}
        </div>
      )}
    </div>
  );
};

export default ChatWidget;
