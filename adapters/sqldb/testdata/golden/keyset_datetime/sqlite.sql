SELECT t0."ID" FROM "Items" t0 WHERE STRFTIME('%Y-%m-%d %H:%M:%f', t0."Stamp") < STRFTIME('%Y-%m-%d %H:%M:%f', ?) OR (STRFTIME('%Y-%m-%d %H:%M:%f', t0."Stamp") = STRFTIME('%Y-%m-%d %H:%M:%f', ?) AND t0."ID" > ?) ORDER BY STRFTIME('%Y-%m-%d %H:%M:%f', t0."Stamp") DESC, t0."ID" LIMIT ?
-- string "2024-03-01 10:00:00"
-- string "2024-03-01 10:00:00"
-- int64 3
-- int64 10
