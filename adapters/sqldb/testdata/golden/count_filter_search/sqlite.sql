SELECT COUNT(*) FROM "Items" t0 WHERE (t0."Active" <> 0) AND (((t0."Name" IS NOT NULL AND odata_lower(t0."Name") LIKE odata_lower(?) ESCAPE '!') OR odata_lower(t0."Code") LIKE odata_lower(?) ESCAPE '!'))
-- string "%acme%"
-- string "%acme%"
