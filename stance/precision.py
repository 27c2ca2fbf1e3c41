"""Whether a device computes in bfloat16 natively: decides ``precision="auto"`` in prediction and
``bf16: auto`` in training."""

from __future__ import annotations

import torch

__all__ = ["native_bfloat16"]


def native_bfloat16(device: torch.device | str) -> bool:
    """True where bfloat16 runs in hardware: a CUDA GPU that supports it, or a CPU with AVX-512 BF16 or AMX.

    Elsewhere bfloat16 is emulated and slower than float32, so "auto" keeps float32 there.

    Args:
        device: The device that will run the model (``"cpu"``, ``"cuda"``, ``torch.device(...)``).

    Returns:
        Whether bfloat16 is native on it.

    Example:
        >>> native_bfloat16("cpu") in (True, False)
        True
    """
    device = torch.device(device)
    if device.type == "cuda":
        return torch.cuda.is_available() and torch.cuda.is_bf16_supported()
    if device.type != "cpu":
        return False
    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False
