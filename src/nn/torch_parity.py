#!/usr/bin/python3
"""Scores windows with PyTorch from a sipddos model file, for the C++ parity tests.

Usage: torch_parity.py MANIFEST.json
MANIFEST is a list of {"model": path, "input": path, "n": int, "steps": int, "output": path}.
"input" holds n*steps*input_size raw float32 features ([n][steps][input_size], little-endian);
"output" receives n logits then n scores, float32. The loader below is the one
docs/model-format.md shows (a test checks they are identical). Needs only python3-torch.
"""
import sys

# --- begin loader (docs/model-format.md) ---
import json
import struct

import torch


def load_sipddos_model(path):
    """Reads a sipddos .safetensors model into torch.nn.RNN/LSTM/GRU + Linear."""
    with open(path, "rb") as f:
        blob = f.read()
    (header_len,) = struct.unpack("<Q", blob[:8])
    header = json.loads(blob[8:8 + header_len])
    meta = header.pop("__metadata__")
    data = blob[8 + header_len:]
    state = {}
    for name, t in header.items():
        begin, end = t["data_offsets"]
        state[name] = torch.frombuffer(bytearray(data[begin:end]),
                                       dtype=torch.float32).reshape(t["shape"])
    cell = {"rnn": torch.nn.RNN, "lstm": torch.nn.LSTM, "gru": torch.nn.GRU}[meta["model"]]
    rnn = cell(int(meta["input_size"]), int(meta["hidden_size"]),
               num_layers=int(meta["num_layers"]), batch_first=True)  # RNN: tanh
    fc = torch.nn.Linear(int(meta["hidden_size"]), 1)
    rnn.load_state_dict({k[len("rnn."):]: v for k, v in state.items() if k.startswith("rnn.")})
    fc.load_state_dict({k[len("fc."):]: v for k, v in state.items() if k.startswith("fc.")})
    mean = torch.tensor(json.loads(meta["norm_mean"]), dtype=torch.float32)
    std = torch.tensor(json.loads(meta["norm_std"]), dtype=torch.float32)
    return meta, rnn, fc, mean, std


def score_windows(model, windows):
    """windows: float32 [n, window, input_size] raw features, oldest message first."""
    meta, rnn, fc, mean, std = model
    with torch.no_grad():
        out, _ = rnn((windows - mean) / std)  # initial state zero
        logits = fc(out[:, -1, :]).squeeze(1)  # top layer, last step
    return logits, torch.sigmoid(logits)  # alert when score >= float(meta["threshold"])
# --- end loader ---


def main():
    torch.set_num_threads(1)
    with open(sys.argv[1]) as f:
        cases = json.load(f)
    for case in cases:
        model = load_sipddos_model(case["model"])
        input_size = int(model[0]["input_size"])
        with open(case["input"], "rb") as f:
            raw = bytearray(f.read())
        windows = torch.frombuffer(raw, dtype=torch.float32).reshape(
            case["n"], case["steps"], input_size)
        logits, scores = score_windows(model, windows)
        with open(case["output"], "wb") as f:
            values = torch.cat([logits, scores]).tolist()
            f.write(struct.pack("<%df" % len(values), *values))


if __name__ == "__main__":
    main()
