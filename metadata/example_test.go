package metadata_test

import (
	"os"

	md "odatagw/metadata"
)

func ExampleWriteJSON() {
	id := &md.Property{Name: "ID", Type: md.EdmInt32, Computed: true}
	name := &md.Property{Name: "Name", Type: md.EdmString, Nullable: true, MaxLength: 40}
	t := &md.EntityType{Name: "Category", Properties: []*md.Property{id, name}, Key: []*md.Property{id}}
	m := &md.Model{Namespace: "demo", Container: "Container", Types: []*md.EntityType{t},
		Sets: []*md.EntitySet{{Name: "Categories", Type: t}}}
	m.Index()
	if err := m.Validate(); err != nil {
		panic(err)
	}
	if err := md.WriteJSON(os.Stdout, m); err != nil {
		panic(err)
	}
	// Output:
	// {
	//   "$Version": "4.0",
	//   "$EntityContainer": "demo.Container",
	//   "$Reference": {
	//     "https://oasis-tcs.github.io/odata-vocabularies/vocabularies/Org.OData.Core.V1.json": {
	//       "$Include": [
	//         {
	//           "$Namespace": "Org.OData.Core.V1",
	//           "$Alias": "Core"
	//         }
	//       ]
	//     }
	//   },
	//   "demo": {
	//     "Category": {
	//       "$Kind": "EntityType",
	//       "$Key": [
	//         "ID"
	//       ],
	//       "ID": {
	//         "$Type": "Edm.Int32",
	//         "@Core.Computed": true
	//       },
	//       "Name": {
	//         "$Nullable": true,
	//         "$MaxLength": 40
	//       }
	//     },
	//     "Container": {
	//       "$Kind": "EntityContainer",
	//       "Categories": {
	//         "$Collection": true,
	//         "$Type": "demo.Category"
	//       }
	//     }
	//   }
	// }
}
