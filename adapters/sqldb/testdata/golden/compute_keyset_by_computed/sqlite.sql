SELECT t0."ID", t0."$c0" FROM (SELECT t0.*, (t0."Rank" * ?) AS "$c0", (t0."Code" || ?) AS "$c1" FROM "Items" t0) t0 WHERE t0."$c0" < ? OR (t0."$c0" = ? AND t0."$c1" COLLATE BINARY > ? COLLATE BINARY) OR (t0."$c0" = ? AND t0."$c1" COLLATE BINARY = ? COLLATE BINARY AND t0."ID" > ?) ORDER BY t0."$c0" DESC, t0."$c1" COLLATE BINARY, t0."ID" LIMIT ?
-- int64 2
-- string "x"
-- int64 6
-- int64 6
-- string "abx"
-- int64 6
-- string "abx"
-- int64 7
-- int64 5
