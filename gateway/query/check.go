package query

import "odatagw/odataerr"

// CheckOptions rejects system query options that the kind of resource path
// does not take, and a missing $id on $entity.
//
//	metadataOptions   = metadataOption *( "&" metadataOption )   ; metadataOption = format / customQueryOption
//	batchOptions      = batchOption *( "&" batchOption )         ; batchOption    = format / customQueryOption
//	entityOptions     = *( entityIdOption "&" ) id *( "&" entityIdOption )    ; entityIdOption = format / customQueryOption
//	entityCastOptions = *( entityCastOption "&" ) id *( "&" entityCastOption ) ; entityCastOption = entityIdOption / expand / select
func (rp *ResourcePath) CheckOptions(o *Options) error {
	allowed := ""
	var ids []optID
	switch rp.Kind {
	case PathMetadata:
		allowed, ids = "$metadata", []optID{optFormat}
	case PathBatch:
		allowed, ids = "$batch", []optID{optFormat}
	case PathEntity:
		if !o.Has("$id") {
			return odataerr.BadRequest("$entity requires the $id query option").At("$id", -1)
		}
		ids = []optID{optFormat, optEntityID}
		if len(rp.Segments) > 0 {
			ids = append(ids, optSelect, optExpand)
		}
		allowed = "$entity"
	default:
		return nil
	}
	for name := range o.present {
		ok := false
		for _, id := range ids {
			ok = ok || optNames[id] == name
		}
		if !ok {
			return odataerr.BadRequest("query option %s is not allowed with %s", name, allowed).At(name, -1)
		}
	}
	return nil
}
