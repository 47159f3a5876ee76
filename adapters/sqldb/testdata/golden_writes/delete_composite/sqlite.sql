DELETE FROM "Lines" WHERE "Lines"."OrderID" = ? AND "Lines"."ItemID" = ?
-- int64 1
-- int64 2
