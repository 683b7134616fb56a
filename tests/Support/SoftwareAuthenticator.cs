using System.Buffers.Binary;
using System.Buffers.Text;
using System.Formats.Cbor;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenChat.Chain.Tests.Support;

/// <summary>
/// A platform authenticator in software, for the real WebAuthn ceremonies: P-256 keys (COSE ES256), attestation
/// format "none", flags UP|UV|AT on creation and UP|UV on assertion, DER-encoded ECDSA signatures. It answers
/// with the JSON a browser's PublicKeyCredential.toJSON() gives (base64url bytes).
/// </summary>
public sealed class SoftwareAuthenticator(string origin)
{
    // WebAuthn §6.1 authenticator data flags.
    public const byte UserPresent = 0x01, UserVerified = 0x04, AttestedCredentialData = 0x40;

    /// <summary>The origin the "browser" puts in clientDataJSON.</summary>
    public string Origin { get; set; } = origin;

    public sealed class Credential(byte[] id, ECDsa key, byte[] userHandle, string rpId)
    {
        public byte[] Id { get; } = id;
        public string IdText => Base64Url.EncodeToString(Id);
        public ECDsa Key { get; } = key;
        public byte[] UserHandle { get; } = userHandle;
        public string RpId { get; } = rpId;
        public uint SignCount { get; set; }
    }

    /// <summary>navigator.credentials.create() on PublicKeyCredentialCreationOptions JSON.</summary>
    public (JsonObject Response, Credential Credential) Create(JsonElement options)
    {
        var rpId = options.GetProperty("rp").GetProperty("id").GetString()!;
        var userHandle = Base64Url.DecodeFromChars(options.GetProperty("user").GetProperty("id").GetString());
        var credential = new Credential(RandomNumberGenerator.GetBytes(16), ECDsa.Create(ECCurve.NamedCurves.nistP256), userHandle, rpId);

        // §6.5.1 attested credential data: AAGUID (zeros: no attestation), id length (big-endian), id, COSE key.
        var authenticatorData = AuthenticatorData(rpId, UserPresent | UserVerified | AttestedCredentialData, signCount: 0,
            [.. new byte[16], .. BigEndian((ushort)credential.Id.Length), .. credential.Id, .. CoseKey(credential.Key)]);
        var clientData = ClientData("webauthn.create", options.GetProperty("challenge").GetString()!);

        // §8.7 "none" attestation: {fmt, attStmt: {}, authData}, keys in CTAP2 canonical order.
        var attestation = new CborWriter(CborConformanceMode.Ctap2Canonical);
        attestation.WriteStartMap(3);
        attestation.WriteTextString("fmt");
        attestation.WriteTextString("none");
        attestation.WriteTextString("attStmt");
        attestation.WriteStartMap(0);
        attestation.WriteEndMap();
        attestation.WriteTextString("authData");
        attestation.WriteByteString(authenticatorData);
        attestation.WriteEndMap();

        var response = new JsonObject
        {
            ["id"] = credential.IdText,
            ["rawId"] = credential.IdText,
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["attestationObject"] = Base64Url.EncodeToString(attestation.Encode()),
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["transports"] = new JsonArray("internal"),
            },
            ["clientExtensionResults"] = new JsonObject(),
        };
        return (response, credential);
    }

    /// <summary>navigator.credentials.get() on PublicKeyCredentialRequestOptions JSON, with the next counter unless told.</summary>
    public JsonObject Get(JsonElement options, Credential credential, uint? signCount = null, byte flags = UserPresent | UserVerified)
    {
        credential.SignCount = signCount ?? credential.SignCount + 1;
        var authenticatorData = AuthenticatorData(options.GetProperty("rpId").GetString()!, flags, credential.SignCount, []);
        var clientData = ClientData("webauthn.get", options.GetProperty("challenge").GetString()!);

        // §6.3.3: the signature covers authenticatorData ‖ SHA-256(clientDataJSON); ES256 signatures are DER (§6.5.5).
        var signature = credential.Key.SignData([.. authenticatorData, .. SHA256.HashData(clientData)],
            HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        return new JsonObject
        {
            ["id"] = credential.IdText,
            ["rawId"] = credential.IdText,
            ["type"] = "public-key",
            ["response"] = new JsonObject
            {
                ["authenticatorData"] = Base64Url.EncodeToString(authenticatorData),
                ["clientDataJSON"] = Base64Url.EncodeToString(clientData),
                ["signature"] = Base64Url.EncodeToString(signature),
                ["userHandle"] = Base64Url.EncodeToString(credential.UserHandle),
            },
            ["clientExtensionResults"] = new JsonObject(),
        };
    }

    // §6.1: rpIdHash (32) ‖ flags (1) ‖ signCount (4, big-endian) ‖ attested credential data.
    static byte[] AuthenticatorData(string rpId, int flags, uint signCount, byte[] attested) =>
        [.. SHA256.HashData(Encoding.UTF8.GetBytes(rpId)), (byte)flags, .. BigEndian(signCount), .. attested];

    // §5.8.1 CollectedClientData, serialized as a browser does.
    byte[] ClientData(string type, string challenge) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["type"] = type,
        ["challenge"] = challenge,
        ["origin"] = Origin,
        ["crossOrigin"] = false,
    });

    // RFC 9053 EC2 key: kty 2, alg -7 (ES256), crv 1 (P-256), x, y.
    static byte[] CoseKey(ECDsa key)
    {
        var point = key.ExportParameters(includePrivateParameters: false).Q;
        var cose = new CborWriter(CborConformanceMode.Ctap2Canonical);
        cose.WriteStartMap(5);
        cose.WriteInt32(1);
        cose.WriteInt32(2);
        cose.WriteInt32(3);
        cose.WriteInt32(-7);
        cose.WriteInt32(-1);
        cose.WriteInt32(1);
        cose.WriteInt32(-2);
        cose.WriteByteString(point.X!);
        cose.WriteInt32(-3);
        cose.WriteByteString(point.Y!);
        cose.WriteEndMap();
        return cose.Encode();
    }

    static byte[] BigEndian(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }

    static byte[] BigEndian(ushort value)
    {
        var bytes = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(bytes, value);
        return bytes;
    }
}
