"""Command line (laptop): follow a GPU host's feed, store fragments locally, deliver them to Max.

`uv run python -m inference.bridge server=http://GPU_HOST:7860 token=...` (the bridge itself:
`inference.remote.bridge`).
"""

from __future__ import annotations

from urllib.parse import urlsplit

import hydra
from omegaconf import DictConfig

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


@hydra.main(version_base="1.3", config_path="../conf", config_name="bridge")
def main(cfg: DictConfig) -> None:
    from inference.remote.bridge import Bridge, BridgeError

    store = hydra.utils.instantiate(cfg.inference.store)
    delivery = hydra.utils.instantiate(cfg.delivery)
    options = cfg.remote.bridge
    try:
        bridge = Bridge(cfg.server, cfg.token, store, delivery, **options)
        print(
            f"following {cfg.server} into {store.root}, delivering to {delivery.target}", flush=True
        )
        if cfg.server.startswith("http://") and urlsplit(cfg.server).hostname not in LOOPBACK:
            print(
                "bridge: WARNING: plain http: the token and the fragments cross the network "
                "unencrypted; use https or a tunnel/VPN (README: two machines)",
                flush=True,
            )
        bridge.run(cfg.max_fragments)
    except BridgeError as err:
        raise SystemExit(f"bridge: {err}") from None


if __name__ == "__main__":
    main()
