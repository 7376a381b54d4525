"""The performer's Gradio UI (page, audience view, entry point); the logic is in inference/."""
