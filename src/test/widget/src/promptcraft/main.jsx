// Parley's own entry for seed 003's guide: a page with the guide's <PromptCraftChatInline>
// (PromptCraftChatInline.jsx, the guide's "Complete Fixed Component" as they wrote it) and
// the <Toaster /> its toast() calls need to show anything, as an app using react-hot-toast has.
//
// The user id comes from the page's query string (?user=42). Every template the component
// hands onTemplateCreated is noted in window.createdTemplates (promptcraft.html starts it
// empty), for the browser tests to compare with Parley's /api/v1/templates.
//
// Rendered without <React.StrictMode>, as a production build runs it: in development, strict
// mode mounts every effect twice, and the guide's cleanup closes its socket only once it is
// open, so the first mount's socket, still connecting then, would stay open beside the second.
import React from 'react';
import { createRoot } from 'react-dom/client';
import { Toaster } from 'react-hot-toast';
import PromptCraftChatInline from './PromptCraftChatInline';

const userId = new URLSearchParams(window.location.search).get('user') || '1';

createRoot(document.getElementById('root')).render(
  <>
    <Toaster />
    <PromptCraftChatInline
      userId={userId}
      onTemplateCreated={(t) => { window.createdTemplates.push(t); }}
    />
  </>
);
