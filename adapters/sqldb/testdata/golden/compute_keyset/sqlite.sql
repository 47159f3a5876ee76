SELECT t0."ID", t0."$c0" FROM (SELECT t0.*, (t0."Qty" + ?) AS "$c0" FROM "Items" t0) t0 WHERE t0."Rank" > ? OR (t0."Rank" = ? AND t0."ID" > ?) ORDER BY t0."Rank", t0."ID" LIMIT ?
-- int64 1
-- int64 3
-- int64 3
-- int64 7
-- int64 5
