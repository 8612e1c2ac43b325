package arn

import "testing"

func TestParsePrincipal(t *testing.T) {
	tests := []struct {
		in      string
		kind    Kind
		account string
		valid   bool // Reason == ""
	}{
		{"*", Everyone, "", true},
		{"111122223333", AccountRoot, "111122223333", true},
		{"arn:aws:iam::111122223333:root", AccountRoot, "111122223333", true},
		{"arn:aws-cn:iam::111122223333:root", AccountRoot, "111122223333", true},
		{"arn:aws:iam::111122223333:user/alice", User, "111122223333", true},
		{"arn:aws:iam::111122223333:user/division/alice", User, "111122223333", true},
		{"arn:aws:iam::111122223333:user/José", User, "111122223333", true},
		{"arn:aws:iam::111122223333:role/App", Role, "111122223333", true},
		{"arn:aws:iam::111122223333:role/*", Role, "111122223333", false},
		{"arn:aws-us-gov:sts::111122223333:assumed-role/App/s1", AssumedRoleSession, "111122223333", true},
		{"arn:aws:sts::111122223333:assumed-role/App/s1/x", AssumedRoleSession, "111122223333", true},
		{"arn:aws:sts::111122223333:assumed-role/App", Invalid, "", false},
		{"arn:aws:sts::111122223333:assumed-role//s", Invalid, "", false},
		{"arn:aws:iam::111122223333:assumed-role/App", AssumedRoleSession, "111122223333", true}, // kept leniency
		{"arn:aws:sts::111122223333:federated-user/bob", FederatedUser, "111122223333", true},
		{"arn:aws:sts::111122223333:federated-user/", Invalid, "", false},
		{"arn:aws:iam::111122223333:group/Admins", Group, "111122223333", false},
		{"arn:aws:iam::111122223333:saml-provider/Okta", Federated, "111122223333", true},
		{"arn:aws:iam::111122223333:oidc-provider/token.actions.githubusercontent.com", Federated, "111122223333", true},
		{"cognito-identity.amazonaws.com", Federated, "", true},
		{"accounts.google.com", Federated, "", true},
		{"graph.facebook.com", Federated, "", true},
		{"www.amazon.com", Federated, "", true},
		{"logs.amazonaws.com", Service, "", true},
		{"logs.us-east-1.amazonaws.com", Service, "", true},
		{"logs.amazonaws.com.cn", Service, "", true},
		{"logs.amazonaws", Invalid, "", false},
		{"11112222333", Invalid, "", false},
		{"１１１122223333", Invalid, "", false},
		{"arn:aws:iam::11112222333:root", Invalid, "", false},
		{"arn:aws:iam:us-east-1:111122223333:root", Invalid, "", false},
		{"arn:AWS:iam::111122223333:root", Invalid, "", false},
		{"arn:aws:iam::111122223333:rootx", Invalid, "", false},
		{"arn:aws:iam::111122223333:role/", Invalid, "", false},
		{"arn:aws:iam::111122223333:role:App", Invalid, "", false},
		{"arn:aws:iam::111122223333:role/a\nb", Invalid, "", false},
		{"arn:aws:sts::111122223333:root", Invalid, "", false},
		{"arn:aws:s3:::bucket", Invalid, "", false},
		{"arn:aws:iam::111122223333", Invalid, "", false},
		{"", Invalid, "", false},
		{"**", Invalid, "", false},
	}
	for _, tt := range tests {
		p := ParsePrincipal(tt.in)
		if p.Kind != tt.kind || p.Account != tt.account || (p.Reason == "") != tt.valid {
			t.Errorf("ParsePrincipal(%q) = %v account %q reason %q; want %v account %q valid %v",
				tt.in, p.Kind, p.Account, p.Reason, tt.kind, tt.account, tt.valid)
		}
		if p.IsARN != (LooksLikeARN(tt.in) && p.ARN.String() == tt.in) {
			t.Errorf("ParsePrincipal(%q): IsARN %v but ARN %q", tt.in, p.IsARN, p.ARN)
		}
	}
}

func TestRoleARN(t *testing.T) {
	tests := []struct{ in, role string }{
		{"arn:aws:sts::111122223333:assumed-role/App/s1", "arn:aws:iam::111122223333:role/App"},
		{"arn:aws-cn:sts::111122223333:assumed-role/App/s1/x", "arn:aws-cn:iam::111122223333:role/App"},
		{"arn:aws:iam::111122223333:role/App", ""},
		{"arn:aws:iam::111122223333:assumed-role/App/s1", ""},
		{"111122223333", ""},
	}
	for _, tt := range tests {
		got, ok := ParsePrincipal(tt.in).RoleARN()
		if got != tt.role || ok != (tt.role != "") {
			t.Errorf("RoleARN(%q) = %q, %v; want %q", tt.in, got, ok, tt.role)
		}
	}
}

func TestKindIsAWS(t *testing.T) {
	aws := map[Kind]bool{Everyone: true, AccountRoot: true, User: true, Role: true, AssumedRoleSession: true, FederatedUser: true}
	for k := Invalid; k <= Federated; k++ {
		if k.IsAWS() != aws[k] {
			t.Errorf("%v.IsAWS() = %v", k, k.IsAWS())
		}
		if k.String() == "" {
			t.Errorf("kind %d has no name", k)
		}
	}
}
