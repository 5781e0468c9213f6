// Parley's own entry for the guide's widget: the page a website would have, with the
// guide's <ChatWidget> rendered as their App.js renders it. Everything imported here is
// the guide's code as they wrote it (src/services, src/hooks, src/components).
import React from 'react';
import { createRoot } from 'react-dom/client';
import ChatWidget from './components/ChatWidget';
import miptechApi from './services/miptechApi';
import websocketManager from './services/websocketManager';

// The guide's singletons, so the browser tests can call their API client and socket
// manager directly, the way the guide's own ConnectionTest and testIntegration do.
window.miptechApi = miptechApi;
window.websocketManager = websocketManager;

createRoot(document.getElementById('root')).render(
  <ChatWidget title="MIPTech AI Assistant" placeholder="How can I help you today?" />
);
