"""Loads a Quinarium lineage.csv the way an ALife researcher would: pandas, then a networkx tree."""
import ast
import json
import sys

import networkx as nx
import pandas as pd

df = pd.read_csv(sys.argv[1])
g = nx.DiGraph()
for row in df.itertuples():
    g.add_node(row.id, origin=row.origin_time)
    # ALifeStdDev's reading: a founder's [None] holds no parent.
    for parent in ast.literal_eval(row.ancestor_list):
        if parent is not None:
            g.add_edge(parent, row.id)
roots = [n for n in g.nodes if g.in_degree(n) == 0]
# The living have destruction_time inf (Empirical's convention), which pandas reads as float inf.
alive = df[df.destruction_time == float("inf")]
print(json.dumps({
    "rows": len(df),
    "columns": list(df.columns),
    "is_forest": nx.is_forest(g),
    "roots": sorted(int(r) for r in roots),
    "alive": sorted(int(i) for i in alive.id),
    "max_depth": max(nx.shortest_path_length(g, r).get(n, 0) for r in roots for n in nx.descendants(g, r) | {r}),
}))
