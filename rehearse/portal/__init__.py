"""The therapist portal and the pages that serve the chat: a Sanic app."""
