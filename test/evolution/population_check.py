"""Re-measures an evolution's saved population with numpy alone: each genome's r2 on the
run's fixed reproduction pairing, and the transmission r2 its child would have (r2 of
the damped projective regeneration against the genome), from population.npy, the
projections (Pc.npy, Px.npy), the pairing (lsrImages.npy), model.json, config.json and
the MNIST training file. Prints one JSON object."""
import json
import sys

import numpy as np

run, mnist = sys.argv[1], sys.argv[2]
proj = run + "/checkpoints/projections"
model = json.load(open(proj + "/model.json"))
config = json.load(open(run + "/config.json"))["config"]
assert model["pairing"] == "fixed", "the population check needs a fixed pairing"
latest = json.load(open(run + "/checkpoints/latest.json"))["checkpoint"]
state = json.load(open(run + "/checkpoints/" + latest + "/state.json"))
pop = np.load(run + "/checkpoints/" + latest + "/population.npy").astype(np.float64)
Pc = np.load(proj + "/Pc.npy").astype(np.float64)
Px = np.load(proj + "/Px.npy").astype(np.float64)
pairing = np.load(proj + "/lsrImages.npy")

raw = np.fromfile(mnist + "/train-images-idx3-ubyte", dtype=np.uint8)[16:].reshape(-1, 784)
x = raw[pairing].astype(np.float64) / 255.0
e = np.concatenate([Pc, x @ Px.T], axis=1)  # e(c) = [Pc[c], Px · x_c]
selu = lambda a: 1.0507009873554805 * np.where(a > 0, a, 1.6732632423543772 * np.expm1(np.minimum(a, 0)))
blocks = {b["name"]: b for b in model["layout"]}


def weights(t, name):
    b = blocks[name]
    return t[b["offset"]:b["offset"] + b["shape"][0] * b["shape"][1]].reshape(b["shape"])


def r2(f, t):
    return float(1 - np.sum((f - t) ** 2) / np.sum((t - t.mean()) ** 2))


rule = config["regeneration"]
out = {"ids": state["ids"], "r2": [], "transmissionR2": [], "rmsTheta": []}
for t in pop:
    f = (selu(selu(e @ weights(t, "W1").T) @ weights(t, "W2").T) @ weights(t, "Wout").T)[:, 0]
    g = (1 - rule["beta"]) * t + rule["beta"] * f
    if rule["normalise"] == "global":
        g = g * np.linalg.norm(t) / np.linalg.norm(g)
    out["r2"].append(r2(f, t))
    out["transmissionR2"].append(r2(g, t))
    out["rmsTheta"].append(float(np.sqrt(np.mean(t ** 2))))
out["medianR2"] = float(np.median(out["r2"]))
out["meanTransmissionR2"] = float(np.mean(out["transmissionR2"]))
print(json.dumps(out))
