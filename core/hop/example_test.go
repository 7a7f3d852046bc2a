package hop_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/latchauth/latch/core/auth"
	"github.com/latchauth/latch/core/hop"
)

// greeter is an auth.Accounts that knows one user.
type greeter struct{}

func (greeter) Register(context.Context, string, string) (auth.Principal, error) {
	return auth.Principal{}, fmt.Errorf("not in this example")
}

func (greeter) Authenticate(_ context.Context, email, _ string) (auth.Principal, error) {
	return auth.Principal{UserID: 7, Email: email, DefaultRole: "user",
		AllowedRoles: []string{"user"}}, nil
}

func Example() {
	secret := []byte("shared-by-edge-and-origin-only!!") // 32 bytes; load it from a secret store

	// Origin side.
	origin, err := hop.NewHandler(greeter{}, secret)
	if err != nil {
		panic(err)
	}

	// Edge side: sign the exact method, path and body that will be sent.
	signer, err := hop.NewSigner(secret)
	if err != nil {
		panic(err)
	}
	body := []byte(`{"email":"bo@x.io","password":"correct horse"}`)
	req := httptest.NewRequest(http.MethodPost, hop.LoginPath, bytes.NewReader(body))
	if err := signer.Sign(req.Header, req.Method, hop.LoginPath, body); err != nil {
		panic(err)
	}

	w := httptest.NewRecorder()
	origin.ServeHTTP(w, req)
	out, _ := io.ReadAll(w.Result().Body)
	fmt.Println(w.Code, string(out))
	// Output:
	// 200 {"principal":{"id":7,"email":"bo@x.io","default_role":"user","allowed_roles":["user"]}}
}
