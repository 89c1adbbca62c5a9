# Clients in parallel inside this pwsh: one runspace per reader, all released at once, timed together.

function New-BenchRunspaces {
    <#
    .SYNOPSIS
        Opens one runspace per reader, each with PcscTools imported.
    #>
    param([Parameter(Mandatory)] [string] $ModulePath, [Parameter(Mandatory)] [int] $Count)
    $state = [initialsessionstate]::CreateDefault2()
    $state.ImportPSModule($ModulePath)
    @(for ($i = 0; $i -lt $Count; $i++) { $r = [runspacefactory]::CreateRunspace($state); $r.Open(); $r })
}

# What each runspace runs: connect to its reader, say so, wait for the common start, then send the commands once per card,
# in one Invoke-Apdu call each time.
$script:BenchCardRun = {
    param($Reader, $Commands, $Cards, $Ready, $Gate)
    $session = Connect-PcscCard -Reader $Reader
    try {
        $Ready.Signal(); $Gate.Wait()
        for ($card = 0; $card -lt $Cards; $card++) {
            $null = Invoke-Apdu -Session $session -Command $Commands -ExpectStatus 9000 -ErrorAction Stop
        }
    }
    finally { Disconnect-PcscCard -Session $session }
}

function Invoke-BenchRunspaces {
    <#
    .SYNOPSIS
        In the first Level runspaces, runspace i on reader i, sends Commands (one Invoke-Apdu call, every answer 9000)
        Cards times; returns the wall time and this process's own CPU time (every thread, Environment.CpuUsage) from
        their common start to the last one's end.
    #>
    param(
        [Parameter(Mandatory)] [object[]] $Runspaces,
        [Parameter(Mandatory)] [string[]] $Readers,
        [Parameter(Mandatory)] [int] $Level,
        [Parameter(Mandatory)] [string[]] $Commands,
        [Parameter(Mandatory)] [int] $Cards
    )
    $ready = [Threading.CountdownEvent]::new($Level)
    $gate = [Threading.ManualResetEventSlim]::new($false)
    $jobs = @(for ($i = 0; $i -lt $Level; $i++) {
            $shell = [powershell]::Create($Runspaces[$i])
            $null = $shell.AddScript($script:BenchCardRun).AddParameters(@{ Reader = $Readers[$i]; Commands = $Commands; Cards = $Cards; Ready = $ready; Gate = $gate })
            [pscustomobject]@{ Shell = $shell; Handle = $shell.BeginInvoke() }
        })
    try {
        if (-not $ready.Wait([TimeSpan]::FromSeconds(30))) { throw "Not every runspace connected to its reader: $(($jobs | ForEach-Object { $_.Shell.Streams.Error }) -join '; ')" }
        $cpu = [Environment]::CpuUsage.TotalTime
        $watch = [Diagnostics.Stopwatch]::StartNew()
        $gate.Set()
        foreach ($job in $jobs) { $null = $job.Shell.EndInvoke($job.Handle) }
        $seconds = $watch.Elapsed.TotalSeconds
        $cpuSeconds = ([Environment]::CpuUsage.TotalTime - $cpu).TotalSeconds
        $errors = @($jobs | ForEach-Object { $_.Shell.Streams.Error })
        if ($errors) { throw "A runspace failed: $($errors[0])" }
        [pscustomobject]@{ Seconds = $seconds; CpuSeconds = $cpuSeconds }
    }
    finally {
        $gate.Set()
        $jobs | ForEach-Object { $_.Shell.Dispose() }
    }
}
