SELECT COUNT(*) FROM "Items" t0 WHERE (t0."Active") AND (((t0."Name" IS NOT NULL AND LOWER(t0."Name") LIKE LOWER($1) ESCAPE '!') OR LOWER(t0."Code") LIKE LOWER($2) ESCAPE '!'))
-- string "%acme%"
-- string "%acme%"
