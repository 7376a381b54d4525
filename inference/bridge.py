"""Command line (laptop): follow a GPU host's feed, store fragments locally, deliver them to Max.

`uv run python -m inference.bridge server=http://GPU_HOST:7860 token=...` (the bridge itself:
`inference.remote.bridge`).
"""

from __future__ import annotations

import hydra
from omegaconf import DictConfig


@hydra.main(version_base="1.3", config_path="../conf", config_name="bridge")
def main(cfg: DictConfig) -> None:
    from inference.remote.bridge import Bridge, BridgeError

    store = hydra.utils.instantiate(cfg.inference.store)
    delivery = hydra.utils.instantiate(cfg.delivery)
    options = cfg.remote.bridge
    try:
        bridge = Bridge(
            cfg.server,
            cfg.token,
            store,
            delivery,
            options.poll_wait_s,
            options.timeout_s,
            options.retry_initial_s,
            options.retry_max_s,
        )
        print(
            f"following {cfg.server} into {store.root}, delivering to {delivery.target}", flush=True
        )
        bridge.run(cfg.max_fragments)
    except BridgeError as err:
        raise SystemExit(f"bridge: {err}") from None


if __name__ == "__main__":
    main()
