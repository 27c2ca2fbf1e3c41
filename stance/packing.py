"""Linear layers whose weights are laid out once for oneDNN, for prediction on a CPU.

A plain ``torch.nn.Linear`` on a CPU hands its weight to the matrix kernel in PyTorch's layout,
and the kernel reorders it into its own blocked layout on every call. For the short inputs of one
article, that reorder costs about as much as the product itself (a 384 x 1,536 layer on 11 tokens:
74 us in bfloat16, 49 us with the weight laid out beforehand). :func:`pack_linear_weights` does
the reorder once, when a model is loaded for prediction; the outputs are the same numbers
(bit for bit in bfloat16; to 1e-4 in float32, where the kernel changes from MKL to oneDNN).
"""

from __future__ import annotations

import torch

__all__ = ["PackedLinear", "can_pack", "pack_linear_weights"]


def can_pack(device: torch.device | str, dtype: torch.dtype = torch.float32) -> bool:
    """Whether :func:`pack_linear_weights` works for models on ``device`` in ``dtype``: a CPU with oneDNN.

    Args:
        device: Where the model runs.
        dtype: The model's number format; bfloat16 also needs a CPU that does it natively.

    Returns:
        True on a CPU whose PyTorch build has oneDNN's pre-packed linear kernels for ``dtype``.

    Example:
        >>> can_pack("cuda")
        False
    """
    if torch.device(device).type != "cpu" or not torch.backends.mkldnn.is_available():
        return False
    if not (hasattr(torch.ops.mkldnn, "_reorder_linear_weight") and hasattr(torch.ops.mkldnn, "_linear_pointwise")):
        return False
    if dtype == torch.bfloat16:
        from .precision import native_bfloat16

        return native_bfloat16(device)
    return dtype == torch.float32


class PackedLinear(torch.nn.Linear):
    """A ``torch.nn.Linear`` that, in inference, multiplies by a copy of its weight laid out for oneDNN.

    The weight parameter stays as it was, so ``state_dict``, ``save_pretrained`` and training
    see a plain linear layer. The packed copy is used only where it is still the weight: no
    gradient wanted, the input in the packed copy's number format, and the weight not cast since
    (``model.to(torch.float32)`` falls back to the plain product until cast back).
    """

    _packed: torch.Tensor
    _packed_dtype: torch.dtype

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        if not torch.is_grad_enabled() and x.dtype == self._packed_dtype == self.weight.dtype and x.device.type == "cpu":
            return torch.ops.mkldnn._linear_pointwise(x, self._packed, self.bias, "none", [], "")
        return super().forward(x)


def pack_linear_weights(model: torch.nn.Module) -> int:
    """Turn every ``torch.nn.Linear`` of a CPU model into a :class:`PackedLinear`, in place.

    Call it after the model has its final device and number format, before predicting. It
    does nothing where :func:`can_pack` is False.

    Args:
        model: A model on the CPU, in float32 or bfloat16.

    Returns:
        How many layers were packed.

    Example:
        >>> layer = torch.nn.Sequential(torch.nn.Linear(4, 2))
        >>> pack_linear_weights(layer) if can_pack("cpu") else 1
        1
    """
    packed = 0
    for module in model.modules():
        if type(module) is not torch.nn.Linear or not can_pack(module.weight.device, module.weight.dtype):
            continue
        with torch.no_grad():
            module._packed = torch.ops.mkldnn._reorder_linear_weight(module.weight.detach(), None)
        module._packed_dtype = module.weight.dtype
        module.__class__ = PackedLinear
        packed += 1
    return packed
