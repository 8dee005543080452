using System.Security.Cryptography;
using System.Text;

namespace Postmortems.Core.Storage;

/// <summary>The checksum kept with each incident, so that <c>postmortems verify</c> can tell a damaged text from a sound one.</summary>
public static class IncidentChecksum
{
    public static string Of(string markdown) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(markdown)));
}
