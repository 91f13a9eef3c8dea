"""Reads abundance.csv beside lineage.csv the way a ggmuller user would, independently of Quinarium.

Prints JSON: the columns, whether each generation's clade counts equal the individuals
present then in lineage.csv (origin_time <= g < destruction_time) grouped by founder,
and whether the R recipe of abundanceLog.ts, done here in pandas, gives what
ggmuller's get_Muller_df needs: edges (Parent, Identity) forming one tree from one
start node, and a population table with every Identity at every Generation.
"""
import ast
import json
import sys

import networkx as nx
import pandas as pd

abundance, lineage = sys.argv[1], sys.argv[2]
ab = pd.read_csv(abundance)
lin = pd.read_csv(lineage)
parent = {int(r.id): (None if ast.literal_eval(r.ancestor_list) == [None] else ast.literal_eval(r.ancestor_list)[0]) for r in lin.itertuples()}


def founder(i):
    while parent[i] is not None:
        i = parent[i]
    return i


lin["founder"] = [founder(int(i)) for i in lin["id"]]
death = lin["destruction_time"].astype(float)
expected = []
for g in sorted(ab["generation"].unique()):
    present = lin[(lin["origin_time"] <= g) & (g < death)]
    for f, n in sorted(present.groupby("founder").size().items()):
        expected.append([int(g), int(f), int(n)])
got = [[int(r.generation), int(r.id), int(r.population)] for r in ab.itertuples()]

# The recipe: one root above the founder clades, every identity at every generation.
ids = ["root"] + [str(i) for i in ab["id"].unique()]
edges = pd.DataFrame({"Parent": "root", "Identity": ids[1:]})
grid = pd.MultiIndex.from_product([sorted(ab["generation"].unique()), ids], names=["Generation", "Identity"]).to_frame(index=False)
counts = ab.assign(Identity=ab["id"].astype(str)).rename(columns={"generation": "Generation", "population": "Population"})
pop = grid.merge(counts[["Generation", "Identity", "Population"]], how="left").fillna({"Population": 0})
tree = nx.DiGraph(list(zip(edges["Parent"], edges["Identity"])))
starts = [n for n in tree.nodes if tree.in_degree(n) == 0]
print(json.dumps({
    "columns": list(ab.columns),
    "parents_empty": bool(ab["parent"].isna().all()),
    "matches_lineage": got == expected,
    "edges_tree": nx.is_arborescence(tree),
    "start_nodes": starts,
    "rectangular": len(pop) == pop["Generation"].nunique() * pop["Identity"].nunique(),
    "every_identity_in_pop": set(edges["Identity"]) | {"root"} <= set(pop["Identity"]),
    "totals": pop.groupby("Generation")["Population"].sum().astype(int).tolist(),
}))
