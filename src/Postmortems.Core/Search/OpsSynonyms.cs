namespace Postmortems.Core.Search;

/// <summary>
/// A small map of operations jargon. Each line is a group of equivalent words or phrases (any one finds the
/// others); a line with <c>=&gt;</c> only adds the right side to the left (an EKS incident is a Kubernetes incident,
/// not the other way round). Words are stemmed before matching, so plurals and verb forms need no lines of their own.
/// Applied when indexing only: a query for "db" finds "database" because the document was indexed with both.
/// </summary>
public static class OpsSynonyms
{
    public static readonly IReadOnlyList<string> Rules =
    [
        "db, database",
        "postgres, postgresql",
        "k8s, kubernetes, kube",
        "eks, gke, aks, kubelet, kubectl => kubernetes",
        "cert, certificate, tls, ssl, x509",
        "mtls, mutual tls => tls, certificate",
        "expiry, expiration, expire, expired, lapse",
        "oom, oomkill, oomkilled, out of memory",
        "config, configuration, cfg, conf",
        "env, environment",
        "env var, envvar, environment variable",
        "ttl, time to live",
        "lb, load balancer, alb, elb",
        "deploy, deployment, rollout, roll out",
        "timeout, time out, timed out",
        "rate limit, throttle, throttling, 429",
        "disk full, no space left, out of disk, disk space, enospc",
        "dns, name resolution, nameserver, resolver",
        "cdn, content delivery network",
        "ddos, denial of service",
        "bgp, border gateway protocol",
        "auth, authentication",
        "authz, authorization, permission",
        "iam, identity and access management",
        "mem, memory, ram",
        "cpu, processor",
        "crashloop, crash loop, crashloopbackoff",
        "upgrade, version bump",
        "outage, downtime",
        "leap second, leapsecond",
        "dst, daylight saving, daylight savings",
        "tz, timezone, time zone",
        "vpc, virtual private cloud",
        "replica, replication, read replica",
        "ci, continuous integration",
        "cleanup, clean up",
        "rollback, roll back",
        "failover, fail over",
        "shutdown, shut down",
        "login, sign in, signin",
    ];
}
