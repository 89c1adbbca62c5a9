namespace PcscTools.Access;

/// <summary>User names for numeric user IDs, from /etc/passwd; the number itself when it has no entry there.</summary>
internal static class UserNames
{
    private static readonly Lazy<Dictionary<string, string>> Table = new(Load);

    public static string Of(string uid) => Table.Value.GetValueOrDefault(uid, uid);

    private static Dictionary<string, string> Load()
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        try
        {
            foreach (var fields in File.ReadLines("/etc/passwd").Select(line => line.Split(':')).Where(fields => fields.Length > 2))
            {
                names.TryAdd(fields[2], fields[0]);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // No user table: numbers it is.
        }
        return names;
    }
}
