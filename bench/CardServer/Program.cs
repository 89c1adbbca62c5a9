using System.Globalization;
using PcscTools.Bench.CardServer;

// usage: PcscTools.Bench.CardServer READER PORT [READER PORT ...]   (PCSCLITE_CSOCK_NAME set to the private pcscd)
// Reads one command per line on stdin and answers one line on stdout:
//   insert|remove wait|nowait READER  →  "inserted|removed <CLOCK_MONOTONIC ns before the change>", or "error <why>"
//   quit (or end of input)             →  removes every card and exits
// "wait" returns once pcscd reports the change, through libpcsclite (the daemon's socket from PCSCLITE_CSOCK_NAME).
if (args.Length == 0 || args.Length % 2 != 0)
{
    Console.Error.WriteLine("usage: PcscTools.Bench.CardServer READER PORT [READER PORT ...]");
    return 2;
}
var slots = Enumerable.Range(0, args.Length / 2).Select(i => (args[2 * i], int.Parse(args[2 * i + 1], CultureInfo.InvariantCulture)));
using var cards = new CardSlots(slots);
Console.Out.WriteLine("ready");
Console.Out.Flush();
while (Console.In.ReadLine() is { } line && line != "quit")
{
    var parts = line.Split(' ', 3);
    try
    {
        if (parts.Length != 3 || parts[1] is not ("wait" or "nowait"))
        {
            throw new ArgumentException($"Not a command: '{line}'.");
        }
        var wait = parts[1] == "wait";
        var answer = parts[0] switch
        {
            "insert" => $"inserted {cards.Insert(parts[2], wait)}",
            "remove" => $"removed {cards.Remove(parts[2], wait)}",
            _ => throw new ArgumentException($"Not a command: '{parts[0]}'."),
        };
        Console.Out.WriteLine(answer);
    }
    catch (Exception e) when (e is ArgumentException or InvalidOperationException or TimeoutException)
    {
        Console.Out.WriteLine($"error {e.Message}");
    }
    Console.Out.Flush();
}
return 0;
