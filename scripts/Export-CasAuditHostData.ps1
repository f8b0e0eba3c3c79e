#requires -Version 2.0

<#
.SYNOPSIS
Exports, read-only, the per-server settings that casaudit audits (static RPC ports and Windows NLB)
into one folder per Exchange 2010 server.

.DESCRIPTION
Export-CasAuditHostData.ps1 collects the host-level settings of Exchange 2010 Client Access and
Mailbox servers that Active Directory does not hold, and writes them to <OutputPath>\<SERVERNAME>\
for "casaudit audit --hosts". It runs on Windows PowerShell 2.0 (Windows Server 2008 R2) and later.

THE SCRIPT ONLY READS. It changes nothing on any server: no registry value, no service, no NLB
setting. The only files it creates are those under OutputPath and reg.exe's temporary export file
(see below). On each server it reads:

  - the registry keys HKLM\SYSTEM\CurrentControlSet\Services\MSExchangeRPC and ...\MSExchangeAB,
    exported whole with "reg.exe export" (a missing ParametersSystem or Parameters subkey is how a
    dynamic port shows). reg.exe writes its export to a temporary file under %TEMP%, which the script
    reads and deletes at once;
  - one file, <Exchange install path>\Bin\Microsoft.Exchange.AddressBook.Service.exe.config
    (Exchange 2010 RTM kept the Address Book port there), copied byte for byte;
  - the NLB cluster, host and port-rule settings from the NetworkLoadBalancingClusters module
    (Get-NlbCluster, Get-NlbClusterNode, Get-NlbClusterPortRule).

For each server it writes exactly these files into <OutputPath>\<SERVERNAME>\ (SERVERNAME is the
NetBIOS computer name as Windows reports it) and touches no other file there:

  MSExchangeRPC.reg, MSExchangeAB.reg
      reg.exe's export, byte for byte (UTF-16LE with BOM, CRLF). Not written when the key does
      not exist (with a warning).
  Microsoft.Exchange.AddressBook.Service.exe.config
      byte copy, when the file exists.
  nlb-cluster.csv    columns Name, IPAddress, SubnetMask, Mode
  nlb-nodes.csv      columns Cluster, Name, State, HostID
  nlb-portrules.csv  columns Cluster, VirtualIPAddress, StartPort, EndPort, Protocol,
                     FilteringMode, Affinity, State
      UTF-8 CSV (ConvertTo-Csv -NoTypeInformation), enum values written as names. When the NLB
      module is not installed or the server is in no NLB cluster, each file holds only its quoted
      header line. When an NLB cmdlet fails for another reason, no NLB file is written (warning).
  casaudit-export.txt
      manifest (UTF-8, CRLF): "casaudit host export <script version>", then "Computer:",
      "Exported (UTC):", "PowerShell:" (the version that collected the data), "Written:" (comma
      list), one "Skipped: <file> (<reason>)" line per file not written, "NLB:" (exported, none or
      failed, with the reason), "Collection:" (local or remote) and one "Warning:" line per warning.

A file of the list above that a run does not write (key missing, cmdlet failed) is removed from the
server folder when an earlier run left it there, so the folder never mixes two exports; the manifest
says so.

Rights: local administrator on each server (the NLB cmdlets need it; reg export and the config file
are read with the same rights). For -ComputerName, PowerShell remoting (WinRM) must be enabled on the
servers ("Enable-PSRemoting" run once, elevated); everything is collected on the server itself and
only the file contents travel back. Run from an elevated, 64-bit PowerShell.

The exit code is 1 when a server could not be reached or its folder could not be written, else 0.

.PARAMETER ComputerName
Servers to export. Default: the local computer. Accepts names from the pipeline (also objects with
a Name property, such as Get-ExchangeServer output). Each server is queried through
Invoke-Command; the local computer is queried directly, without remoting.

.PARAMETER OutputPath
Folder that receives one sub-folder per server. Default: .\casaudit-hosts. Created when missing.

.PARAMETER Credential
Credential for Invoke-Command to the remote servers (an account in the local Administrators group
of each server). Not used for the local computer, which is read as the current user.

.EXAMPLE
.\Export-CasAuditHostData.ps1

Exports the local server into .\casaudit-hosts\<THISSERVER>\. From cmd.exe, where the execution
policy has not been set:
powershell.exe -NoProfile -ExecutionPolicy Bypass -File .\Export-CasAuditHostData.ps1

.EXAMPLE
Get-ExchangeServer | Where-Object { $_.IsClientAccessServer -or $_.IsMailboxServer } | ForEach-Object { $_.Name } | .\Export-CasAuditHostData.ps1 -OutputPath C:\casaudit-hosts

In the Exchange Management Shell: exports every Client Access and Mailbox server through PowerShell
remoting. The same list can be passed as a parameter:
.\Export-CasAuditHostData.ps1 -ComputerName (Get-ExchangeServer | Where-Object { $_.IsClientAccessServer -or $_.IsMailboxServer } | ForEach-Object { $_.Name }) -Credential (Get-Credential)

.EXAMPLE
.\Export-CasAuditHostData.ps1 -ComputerName CAS01,CAS02 -OutputPath C:\casaudit-hosts

Then copy the whole folder C:\casaudit-hosts to the machine that runs casaudit (a file share,
WinSCP or pscp, for example "pscp -r C:\casaudit-hosts auditor@linuxbox:casaudit-hosts") and run
there:
casaudit audit --ldif casaudit-config.ldf --zone casaudit-contoso.local.dns --hosts casaudit-hosts

.NOTES
Part of casaudit. Version: see $ScriptVersion below (also written to each manifest). The script is
not executed in casaudit's CI (no Windows there); the format of its output is pinned by fixtures
that casaudit's tests parse.

Where the CSV columns come from (the NLB objects' real property names are not all documented, so
the first property present is used): Mode = OperationMode, else Mode; HostID = HostPriority, else
HostID; port-rule State = PortState, else State. Node State is written as the cmdlet renders it
(for example Converged, Stopped, Suspended). Affinity can be empty on rules whose filtering mode is
Single. VirtualIPAddress "All" is written as 255.255.255.255.
#>

[CmdletBinding()]
param(
    [Parameter(Position = 0, ValueFromPipeline = $true, ValueFromPipelineByPropertyName = $true)]
    [Alias('Name', 'CN')]
    [string[]] $ComputerName = @($env:COMPUTERNAME),

    [Parameter()]
    [string] $OutputPath = '.\casaudit-hosts',

    [Parameter()]
    [System.Management.Automation.PSCredential]
    [System.Management.Automation.Credential()]
    $Credential = [System.Management.Automation.PSCredential]::Empty
)

begin {
    Set-StrictMode -Version 2.0

    $ScriptVersion = '1.0'

    # The files this script owns inside a server folder, in the order the manifest lists them.
    $OwnedFiles = @(
        'MSExchangeRPC.reg',
        'MSExchangeAB.reg',
        'Microsoft.Exchange.AddressBook.Service.exe.config',
        'nlb-cluster.csv',
        'nlb-nodes.csv',
        'nlb-portrules.csv'
    )
    $ManifestName = 'casaudit-export.txt'

    # Resolve against PowerShell's current location (.NET's current directory can differ).
    $OutputRoot = $ExecutionContext.SessionState.Path.GetUnresolvedProviderPathFromPSPath($OutputPath)

    $UseCredential = ($null -ne $Credential) -and
        (-not [object]::ReferenceEquals($Credential, [System.Management.Automation.PSCredential]::Empty))

    $FailedServers = New-Object System.Collections.ArrayList
    $ExportedServers = New-Object System.Collections.ArrayList

    # ------------------------------------------------------------------------------------------
    # Collector. Runs ON the server: through Invoke-Command for a remote server, through "& $Collect"
    # for the local computer, so both take the same code path. It only reads, and returns one
    # hashtable: file name -> byte[] (Files), file name -> reason (Skipped), Warnings, and facts for
    # the manifest. It must write nothing to the output stream but that hashtable.
    # ------------------------------------------------------------------------------------------
    $Collect = {
        param([bool] $IsRemote)

        Set-StrictMode -Version 2.0
        $ErrorActionPreference = 'Continue'

        $files = @{}
        $skipped = @{}
        $warnings = New-Object System.Collections.ArrayList
        $utf8Bom = New-Object System.Text.UTF8Encoding -ArgumentList $true

        function Add-CollectWarning([string] $Text) {
            [void] $warnings.Add($Text)
        }

        # Value of the first of $Names that $InputObject has, else $null. Never touches a missing
        # property (StrictMode would stop on it); the real property names of the NLB objects are
        # not all documented, so the table-view name is tried as well.
        function Get-FirstPropertyValue($InputObject, [string[]] $Names) {
            if ($null -eq $InputObject) { return $null }
            foreach ($n in $Names) {
                $p = $InputObject.PSObject.Properties[$n]
                if ($null -ne $p) { return $p.Value }
            }
            return $null
        }

        # Text of a value; enums become their names ("$x" calls ToString()).
        function ConvertTo-Text($Value) {
            if ($null -eq $Value) { return '' }
            return "$Value"
        }

        function Get-ErrorText($ErrorRecord) {
            if ($null -eq $ErrorRecord) { return 'unknown error' }
            if ($ErrorRecord -is [System.Management.Automation.ErrorRecord] -and $null -ne $ErrorRecord.Exception) {
                return $ErrorRecord.Exception.Message
            }
            return "$ErrorRecord"
        }

        # UTF-8 bytes with BOM, as Out-File -Encoding UTF8 writes them on Windows PowerShell.
        function ConvertTo-Utf8Bytes([string] $Text) {
            $pre = $utf8Bom.GetPreamble()
            $body = $utf8Bom.GetBytes($Text)
            $bytes = New-Object byte[] ($pre.Length + $body.Length)
            [System.Array]::Copy($pre, 0, $bytes, 0, $pre.Length)
            [System.Array]::Copy($body, 0, $bytes, $pre.Length, $body.Length)
            return , $bytes
        }

        # One CSV row with exactly $Columns, in that order.
        function New-CsvRow([string[]] $Columns, [hashtable] $Values) {
            return (New-Object PSObject -Property $Values | Select-Object -Property $Columns)
        }

        # CSV text (CRLF, final CRLF) as UTF-8 bytes. No rows: the quoted header line only.
        function ConvertTo-CsvBytes([string[]] $Columns, $Rows) {
            if ($Rows.Count -eq 0) {
                $lines = @('"' + ($Columns -join '","') + '"')
            }
            else {
                $lines = @($Rows | ConvertTo-Csv -NoTypeInformation)
            }
            return , (ConvertTo-Utf8Bytes (($lines -join "`r`n") + "`r`n"))
        }

        # --- environment checks (warnings only) ---------------------------------------------------
        try {
            $principal = New-Object System.Security.Principal.WindowsPrincipal -ArgumentList ([System.Security.Principal.WindowsIdentity]::GetCurrent())
            if (-not $principal.IsInRole([System.Security.Principal.WindowsBuiltInRole]::Administrator)) {
                Add-CollectWarning 'not running as a local administrator (elevated): the NLB cmdlets and reg.exe export may fail or return less'
            }
        }
        catch {
            Add-CollectWarning ('could not check for local administrator rights: ' + (Get-ErrorText $_))
        }
        if ([IntPtr]::Size -eq 4 -and -not [string]::IsNullOrEmpty([Environment]::GetEnvironmentVariable('PROCESSOR_ARCHITEW6432'))) {
            Add-CollectWarning 'running in 32-bit PowerShell on 64-bit Windows: the Exchange install path may not be found; use 64-bit PowerShell'
        }

        # --- 1, 2: registry service keys, exported whole by reg.exe ---------------------------------
        $regExe = [System.IO.Path]::Combine($env:SystemRoot, 'System32\reg.exe')
        $nativeRegExe = [System.IO.Path]::Combine($env:SystemRoot, 'Sysnative\reg.exe')
        if ([System.IO.File]::Exists($nativeRegExe)) { $regExe = $nativeRegExe }   # 32-bit host on 64-bit Windows

        foreach ($service in @('MSExchangeRPC', 'MSExchangeAB')) {
            $fileName = $service + '.reg'
            $regKey = 'HKLM\SYSTEM\CurrentControlSet\Services\' + $service
            if (-not (Test-Path -LiteralPath ('Registry::HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\' + $service))) {
                $skipped[$fileName] = "registry key $regKey does not exist"
                Add-CollectWarning "registry key $regKey does not exist: $fileName not written"
                continue
            }
            $tempDir = $env:TEMP
            if ([string]::IsNullOrEmpty($tempDir)) { $tempDir = [System.IO.Path]::GetTempPath() }
            $tempFile = [System.IO.Path]::Combine($tempDir, 'casaudit-' + [Guid]::NewGuid().ToString('N') + '.reg')
            try {
                $regOutput = & $regExe export $regKey $tempFile /y 2>&1
                $regExit = $LASTEXITCODE
                if ($regExit -ne 0 -or -not [System.IO.File]::Exists($tempFile)) {
                    $detail = (@($regOutput) | ForEach-Object { "$_".Trim() } | Where-Object { $_ -ne '' }) -join ' '
                    $skipped[$fileName] = "reg.exe export of $regKey failed (exit code $regExit): $detail"
                    Add-CollectWarning $skipped[$fileName]
                }
                else {
                    # The bytes exactly as reg.exe wrote them: never decoded or re-encoded.
                    $files[$fileName] = [System.IO.File]::ReadAllBytes($tempFile)
                }
            }
            catch {
                $skipped[$fileName] = "reg.exe export of $regKey failed: " + (Get-ErrorText $_)
                Add-CollectWarning $skipped[$fileName]
            }
            finally {
                if ([System.IO.File]::Exists($tempFile)) {
                    try { [System.IO.File]::Delete($tempFile) }
                    catch { Add-CollectWarning ("could not delete the temporary file $tempFile" + ': ' + (Get-ErrorText $_)) }
                }
            }
        }

        # --- 3: the Address Book service config file (Exchange 2010 RTM port setting) --------------
        $configName = 'Microsoft.Exchange.AddressBook.Service.exe.config'
        $installPath = [Environment]::GetEnvironmentVariable('ExchangeInstallPath')
        $installPathSource = 'the ExchangeInstallPath environment variable'
        if ([string]::IsNullOrEmpty($installPath)) {
            $setupKey = 'Registry::HKEY_LOCAL_MACHINE\SOFTWARE\Microsoft\ExchangeServer\v14\Setup'
            $installPathSource = 'HKLM\SOFTWARE\Microsoft\ExchangeServer\v14\Setup\MsiInstallPath'
            if (Test-Path -LiteralPath $setupKey) {
                try {
                    $setupValues = Get-ItemProperty -LiteralPath $setupKey -ErrorAction Stop
                    $installPath = ConvertTo-Text (Get-FirstPropertyValue $setupValues @('MsiInstallPath'))
                }
                catch {
                    $installPath = ''
                }
            }
        }
        if ([string]::IsNullOrEmpty($installPath)) {
            $skipped[$configName] = 'Exchange install path unknown (no ExchangeInstallPath environment variable, no MsiInstallPath value under HKLM\SOFTWARE\Microsoft\ExchangeServer\v14\Setup)'
            Add-CollectWarning "Exchange 2010 install path not found: $configName not copied"
        }
        else {
            $configPath = $installPath.TrimEnd('\') + '\Bin\' + $configName
            try {
                if ([System.IO.File]::Exists($configPath)) {
                    $files[$configName] = [System.IO.File]::ReadAllBytes($configPath)
                }
                else {
                    $skipped[$configName] = "not found at $configPath (install path from $installPathSource)"
                }
            }
            catch {
                $skipped[$configName] = "could not read $configPath" + ': ' + (Get-ErrorText $_)
                Add-CollectWarning $skipped[$configName]
            }
        }

        # --- 4: NLB ----------------------------------------------------------------------------------
        $clusterColumns = @('Name', 'IPAddress', 'SubnetMask', 'Mode')
        $nodeColumns = @('Cluster', 'Name', 'State', 'HostID')
        $ruleColumns = @('Cluster', 'VirtualIPAddress', 'StartPort', 'EndPort', 'Protocol', 'FilteringMode', 'Affinity', 'State')
        $nlbFileNames = @('nlb-cluster.csv', 'nlb-nodes.csv', 'nlb-portrules.csv')

        $clusterRows = New-Object System.Collections.ArrayList
        $nodeRows = New-Object System.Collections.ArrayList
        $ruleRows = New-Object System.Collections.ArrayList
        $nlbOutcome = 'exported'   # exported | none | failed
        $nlbNote = ''

        $moduleLoaded = $false
        try {
            if ($null -eq (Get-Module -Name NetworkLoadBalancingClusters)) {
                Import-Module -Name NetworkLoadBalancingClusters -ErrorAction Stop
            }
            $moduleLoaded = $true
        }
        catch {
            $nlbOutcome = 'none'
            $nlbNote = 'the NetworkLoadBalancingClusters module is not available (NLB not installed): ' + (Get-ErrorText $_)
        }

        if ($moduleLoaded) {
            $clusters = @()
            $clusterError = $null
            try {
                $clusters = @(Get-NlbCluster -ErrorAction Stop)
            }
            catch {
                $clusterError = $_
            }

            if ($null -ne $clusterError) {
                # Is this "not in a cluster" or a real failure? First ask the network interfaces:
                # NLB bound to none of them means no cluster. Only when that question fails too,
                # fall back to the wording of the error (not documented; matched loosely).
                $boundCount = -1
                try {
                    $interfaces = @(Get-NlbClusterNodeNetworkInterface -ErrorAction Stop)
                    $bound = @($interfaces | Where-Object { (ConvertTo-Text (Get-FirstPropertyValue $_ @('NlbBound'))) -eq 'True' })
                    $boundCount = $bound.Count
                }
                catch {
                    $boundCount = -1
                }
                $errorText = Get-ErrorText $clusterError
                $notInClusterPattern = '\bnot (a |an )?(part|member) of\b|\bnot bound\b|\bno (nlb )?(cluster|clusters|interface|interfaces)\b|\bnot configured\b'
                if ($boundCount -eq 0 -or ($boundCount -lt 0 -and $errorText -match $notInClusterPattern)) {
                    $nlbOutcome = 'none'
                    $nlbNote = 'this server is in no NLB cluster (Get-NlbCluster: ' + $errorText + ')'
                }
                else {
                    $nlbOutcome = 'failed'
                    $nlbNote = 'Get-NlbCluster failed: ' + $errorText
                }
            }
            elseif ($clusters.Count -eq 0) {
                $nlbOutcome = 'none'
                $nlbNote = 'this server is in no NLB cluster (Get-NlbCluster returned nothing)'
            }
            else {
                $step = ''
                try {
                    foreach ($cluster in $clusters) {
                        $clusterName = ConvertTo-Text (Get-FirstPropertyValue $cluster @('Name', 'ClusterName'))
                        $clusterIp = ConvertTo-Text (Get-FirstPropertyValue $cluster @('IPAddress', 'ClusterPrimaryIP', 'PrimaryIPAddress'))
                        $clusterMask = ConvertTo-Text (Get-FirstPropertyValue $cluster @('SubnetMask', 'ClusterSubnetMask'))
                        $clusterMode = ConvertTo-Text (Get-FirstPropertyValue $cluster @('OperationMode', 'Mode', 'ClusterMode'))
                        [void] $clusterRows.Add((New-CsvRow $clusterColumns @{
                                    Name       = $clusterName
                                    IPAddress  = $clusterIp
                                    SubnetMask = $clusterMask
                                    Mode       = $clusterMode
                                }))

                        $step = "Get-NlbClusterNode for cluster '$clusterName'"
                        $nodes = @(Get-NlbClusterNode -InputObject $cluster -ErrorAction Stop)
                        foreach ($node in $nodes) {
                            $nodeName = ConvertTo-Text (Get-FirstPropertyValue $node @('Name', 'NodeName'))
                            $nodeState = ConvertTo-Text (Get-FirstPropertyValue $node @('State'))
                            $nodeHostId = ConvertTo-Text (Get-FirstPropertyValue $node @('HostPriority', 'HostID', 'Priority'))
                            [void] $nodeRows.Add((New-CsvRow $nodeColumns @{
                                        Cluster = $clusterName
                                        Name    = $nodeName
                                        State   = $nodeState
                                        HostID  = $nodeHostId
                                    }))
                        }

                        $step = "Get-NlbClusterPortRule for cluster '$clusterName'"
                        $rules = @(Get-NlbClusterPortRule -InputObject $cluster -ErrorAction Stop)
                        foreach ($rule in $rules) {
                            $vip = ConvertTo-Text (Get-FirstPropertyValue $rule @('VirtualIPAddress', 'IPAddress'))
                            if ($vip -eq 'All') { $vip = '255.255.255.255' }
                            $ruleStart = ConvertTo-Text (Get-FirstPropertyValue $rule @('StartPort', 'Start'))
                            $ruleEnd = ConvertTo-Text (Get-FirstPropertyValue $rule @('EndPort', 'End'))
                            $ruleProtocol = ConvertTo-Text (Get-FirstPropertyValue $rule @('Protocol'))
                            $ruleFiltering = ConvertTo-Text (Get-FirstPropertyValue $rule @('FilteringMode', 'Mode'))
                            $ruleAffinity = ConvertTo-Text (Get-FirstPropertyValue $rule @('Affinity'))
                            $ruleState = ConvertTo-Text (Get-FirstPropertyValue $rule @('PortState', 'State'))
                            [void] $ruleRows.Add((New-CsvRow $ruleColumns @{
                                        Cluster          = $clusterName
                                        VirtualIPAddress = $vip
                                        StartPort        = $ruleStart
                                        EndPort          = $ruleEnd
                                        Protocol         = $ruleProtocol
                                        FilteringMode    = $ruleFiltering
                                        Affinity         = $ruleAffinity
                                        State            = $ruleState
                                    }))
                        }
                    }
                }
                catch {
                    $nlbOutcome = 'failed'
                    $nlbNote = $step + ' failed: ' + (Get-ErrorText $_)
                    if ($IsRemote) {
                        $nlbNote += ' (if it works when the script runs on the server itself, the cmdlet needed a second network hop that remoting does not allow: run the script locally there)'
                    }
                }
            }
        }

        if ($nlbOutcome -eq 'failed') {
            foreach ($f in $nlbFileNames) { $skipped[$f] = 'NLB export failed: ' + $nlbNote }
            Add-CollectWarning ('NLB settings not exported, no NLB file written: ' + $nlbNote)
        }
        else {
            # 'exported', or 'none' (header-only files, so "no NLB" differs from "not exported").
            $files['nlb-cluster.csv'] = ConvertTo-CsvBytes $clusterColumns $clusterRows
            $files['nlb-nodes.csv'] = ConvertTo-CsvBytes $nodeColumns $nodeRows
            $files['nlb-portrules.csv'] = ConvertTo-CsvBytes $ruleColumns $ruleRows
        }

        $psVersion = '1.0'
        if (Test-Path -Path 'variable:PSVersionTable') { $psVersion = $PSVersionTable.PSVersion.ToString() }

        return @{
            CasAuditExport    = 1
            ComputerName      = [string] $env:COMPUTERNAME
            ExportedUtc       = [DateTime]::UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", [System.Globalization.CultureInfo]::InvariantCulture)
            PowerShellVersion = $psVersion
            NlbOutcome        = $nlbOutcome
            NlbNote           = $nlbNote
            Files             = $files
            Skipped           = $skipped
            Warnings          = @($warnings)
        }
    }

    # True for the names that mean this computer: ".", "localhost", its NetBIOS name, its FQDN.
    function Test-IsLocalComputer([string] $Name) {
        $n = $Name.Trim()
        if ($n -eq '.' -or $n -ieq 'localhost' -or $n -ieq $env:COMPUTERNAME) { return $true }
        $n = $n.TrimEnd('.')
        try {
            $ip = [System.Net.NetworkInformation.IPGlobalProperties]::GetIPGlobalProperties()
            if (-not [string]::IsNullOrEmpty($ip.DomainName) -and $n -ieq ($ip.HostName + '.' + $ip.DomainName)) { return $true }
        }
        catch { }
        return $false
    }

    # Writes one server's folder from the collector's hashtable; returns nothing.
    function Write-ServerFolder([hashtable] $Result, [string] $Requested, [bool] $IsRemote) {
        $server = [string] $Result['ComputerName']
        if ([string]::IsNullOrEmpty($server)) { $server = ($Requested -split '\.')[0].ToUpperInvariant() }
        $server = $server -replace '[\\/:*?"<>|]', '_'

        $folder = [System.IO.Path]::Combine($OutputRoot, $server)
        [void] [System.IO.Directory]::CreateDirectory($folder)

        $files = $Result['Files']
        $skipped = $Result['Skipped']
        if ($null -eq $files) { $files = @{} }
        if ($null -eq $skipped) { $skipped = @{} }

        $written = New-Object System.Collections.ArrayList
        $notWritten = New-Object System.Collections.ArrayList
        foreach ($name in $OwnedFiles) {
            $target = [System.IO.Path]::Combine($folder, $name)
            if ($files.ContainsKey($name) -and $null -ne $files[$name]) {
                [System.IO.File]::WriteAllBytes($target, [byte[]] $files[$name])
                [void] $written.Add($name)
            }
            else {
                $reason = [string] $skipped[$name]
                if ([string]::IsNullOrEmpty($reason)) { $reason = 'not collected' }
                if ([System.IO.File]::Exists($target)) {
                    [System.IO.File]::Delete($target)
                    $reason += '; the copy an earlier export left here was removed'
                }
                [void] $notWritten.Add("$name ($reason)")
            }
        }

        $collection = 'local'
        if ($IsRemote) { $collection = 'remote (Invoke-Command)' }
        $nlbLine = [string] $Result['NlbOutcome']
        if (-not [string]::IsNullOrEmpty([string] $Result['NlbNote'])) { $nlbLine += ' - ' + [string] $Result['NlbNote'] }

        # The first five lines have the layout of the manifests under fixtures/demo/hosts.
        $writtenText = '(none)'
        if ($written.Count -gt 0) { $writtenText = $written.ToArray() -join ', ' }
        $lines = New-Object System.Collections.ArrayList
        [void] $lines.Add('casaudit host export ' + $ScriptVersion)
        [void] $lines.Add('Computer: ' + $server)
        [void] $lines.Add('Exported (UTC): ' + [string] $Result['ExportedUtc'])
        [void] $lines.Add('PowerShell: ' + [string] $Result['PowerShellVersion'])
        [void] $lines.Add('Written: ' + $writtenText)
        foreach ($s in $notWritten) { [void] $lines.Add('Skipped: ' + $s) }
        [void] $lines.Add('NLB: ' + $nlbLine)
        [void] $lines.Add('Collection: ' + $collection + ', requested as ' + $Requested)
        if ($null -ne $Result['Warnings']) {
            foreach ($w in $Result['Warnings']) { [void] $lines.Add('Warning: ' + [string] $w) }
        }
        $manifestPath = [System.IO.Path]::Combine($folder, $ManifestName)
        [System.IO.File]::WriteAllLines($manifestPath, [string[]] @($lines), (New-Object System.Text.UTF8Encoding -ArgumentList $true))

        Write-Host ("{0}: {1} file(s) and {2} written to {3}; {4} skipped (see the manifest)" -f $server, $written.Count, $ManifestName, $folder, $notWritten.Count)
    }
}

process {
    foreach ($requested in $ComputerName) {
        if ([string]::IsNullOrEmpty($requested) -or $requested.Trim() -eq '') { continue }
        $requested = $requested.Trim()
        $isRemote = -not (Test-IsLocalComputer $requested)

        $result = $null
        try {
            if ($isRemote) {
                $invokeParams = @{
                    ComputerName = $requested
                    ScriptBlock  = $Collect
                    ArgumentList = @($true)
                    ErrorAction  = 'Stop'
                }
                if ($UseCredential) { $invokeParams['Credential'] = $Credential }
                $output = @(Invoke-Command @invokeParams)
            }
            else {
                $output = @(& $Collect $false)
            }
            foreach ($item in $output) {
                if ($item -is [hashtable] -and $item.ContainsKey('CasAuditExport')) { $result = $item }
            }
            if ($null -eq $result) { throw 'the collector returned no result' }
        }
        catch {
            Write-Warning ("{0}: could not be reached or read, nothing written: {1}" -f $requested, $_.Exception.Message)
            [void] $FailedServers.Add($requested)
            continue
        }

        $label = [string] $result['ComputerName']
        if ([string]::IsNullOrEmpty($label)) { $label = $requested }
        if ($null -ne $result['Warnings']) {
            foreach ($w in $result['Warnings']) { Write-Warning ("{0}: {1}" -f $label, [string] $w) }
        }

        try {
            Write-ServerFolder $result $requested $isRemote
            [void] $ExportedServers.Add($label)
        }
        catch {
            Write-Warning ("{0}: could not write its folder under {1}: {2}" -f $label, $OutputRoot, $_.Exception.Message)
            [void] $FailedServers.Add($requested)
        }
    }
}

end {
    Write-Host ("Exported {0} server(s) to {1}." -f $ExportedServers.Count, $OutputRoot)
    if ($FailedServers.Count -gt 0) {
        Write-Warning ("Failed: {0}" -f ($FailedServers.ToArray() -join ', '))
        exit 1
    }
    exit 0
}
