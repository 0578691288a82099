"""Developer tools shared by tests, benchmarks and scripts: driving the app in a real terminal."""
