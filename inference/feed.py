"""Command line (GPU host, no UI): serve the fragments folder's feed to `inference.bridge`.

`uv run python -m inference.feed remote.feed.host=0.0.0.0` (needs SAO_IMPROV_TOKEN or
`remote.token=...`; without a token nothing is served). The feed itself: `inference.remote.feed`.
"""

from __future__ import annotations

import hydra
from omegaconf import DictConfig


@hydra.main(version_base="1.3", config_path="../conf", config_name="feed")
def main(cfg: DictConfig) -> None:
    import uvicorn

    from inference.remote.feed import PREFIX, build_app

    store = hydra.utils.instantiate(cfg.inference.store)
    feed = cfg.remote.feed
    try:
        app = build_app(
            store, cfg.remote.token, max_wait_s=feed.max_wait_s, chunk_delay_s=feed.chunk_delay_s
        )
    except ValueError as err:
        raise SystemExit(f"feed: {err} (set SAO_IMPROV_TOKEN or remote.token=...)") from None
    print(f"fragment feed of {store.root} on http://{feed.host}:{feed.port}{PREFIX}", flush=True)
    uvicorn.run(app, host=feed.host, port=feed.port, log_level="warning")


if __name__ == "__main__":
    main()
