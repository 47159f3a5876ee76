SELECT t0."ID", t0."Name", t0."Code", t0."Price", t0."Qty", t0."Big", t0."Ratio", t0."Active", +t0."Released", +t0."Updated", t0."Uid", t0."CategoryID", t0."Rank", +t0."Stamp" FROM "Items" t0 WHERE (STRFTIME('%Y-%m-%d %H:%M:%f', t0."Updated") >= STRFTIME('%Y-%m-%d %H:%M:%f', ?) AND t0."Released" < ?) ORDER BY t0."ID"
-- string "2024-02-29 23:00:00"
-- string "2024-06-01"
