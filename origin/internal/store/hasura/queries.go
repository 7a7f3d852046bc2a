package hasura

// operation is a GraphQL document with the name of its one operation. The test
// double in origin/internal/hasuratest answers exactly these documents.
type operation struct {
	name  string
	query string
}

// opFindUser reads a user and its extra roles by exact (already lower-cased)
// email; the migrations keep stored emails lower-case.
var opFindUser = operation{
	name: "LatchFindUser",
	query: `query LatchFindUser($email: String!) {
  user(where: {email: {_eq: $email}}, limit: 1) {
    id
    email
    password
    default_role
    roles {
      role
    }
  }
}`,
}

type findUserData struct {
	User []userRow `json:"user"`
}

// opInsertUser inserts one user in one statement and returns what the database
// filled in.
var opInsertUser = operation{
	name: "LatchInsertUser",
	query: `mutation LatchInsertUser($email: String!, $password: String!, $role: String!) {
  insert_user_one(object: {email: $email, password: $password, default_role: $role}) {
    id
    email
    default_role
  }
}`,
}

type insertUserData struct {
	InsertUserOne *userRow `json:"insert_user_one"`
}

// opReplaceHash is a compare-and-swap on the password column: one UPDATE whose
// WHERE clause holds the hash that was verified.
var opReplaceHash = operation{
	name: "LatchReplaceHash",
	query: `mutation LatchReplaceHash($id: Int!, $old: String!, $new: String!) {
  update_user(where: {id: {_eq: $id}, password: {_eq: $old}}, _set: {password: $new}) {
    affected_rows
  }
}`,
}

type replaceHashData struct {
	UpdateUser *struct {
		AffectedRows int `json:"affected_rows"`
	} `json:"update_user"`
}
