"""localoss: an embedded OSS-compatible HTTP server that verifies V1 and V4 signatures itself."""
