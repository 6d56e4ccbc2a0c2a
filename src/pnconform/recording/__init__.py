"""`pnconform run --record` and `pnconform compare` (design.md "Recording and comparing").

A recording run stores, per scenario, the redacted request/response pairs it exchanged with the
target (`store`); `compare` replays them against the reference emulator and lists where the
emulator answers differently (`replay`, `diff`, `report`). Kept free of imports here: `client`
imports `pnconform.signing`.
"""
