SELECT COUNT(*) FROM (SELECT t0.*, (t0."Name" || t0."Code") AS "$c0" FROM "Items" t0) t0 WHERE t0."$c0" = ? COLLATE BINARY
-- string "ab"
