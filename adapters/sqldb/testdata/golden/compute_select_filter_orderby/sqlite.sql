SELECT t0."ID", t0."Name", t0."$c0" FROM (SELECT t0.*, ROUND((t0."Price" * t0."Qty"), 10) AS "$c0", CAST(STRFTIME('%Y', t0."Released") AS INTEGER) AS "$c1" FROM "Items" t0) t0 WHERE (ROUND(t0."$c0", 10) > ? AND t0."$c1" = ?) ORDER BY t0."$c0" DESC, t0."ID" LIMIT ?
-- float64 100
-- int64 2024
-- int64 10
