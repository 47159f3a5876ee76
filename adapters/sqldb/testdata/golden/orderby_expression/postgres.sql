SELECT t0."ID" FROM "Items" t0 ORDER BY (t0."Qty" * $1) DESC NULLS LAST, t0."ID"
-- int64 2
