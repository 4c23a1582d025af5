# data_ref: an independent Python transcription of the randomness in
# docs/data.md (splitmix64 streams, uniform, Fisher-Yates, stratified split).
# It printed the expected values that tests/data/split_shuffle.c pins.
# Run from the repository root: python3 tests/data/data_ref.py
M=(1<<64)-1; G=0x9E3779B97F4A7C15
def mix(z):
    z=((z^(z>>30))*0xBF58476D1CE4E5B9)&M
    z=((z^(z>>27))*0x94D049BB133111EB)&M
    return z^(z>>31)
def key(seed,stream,index): return mix(mix(mix(seed)^stream)^index)
def u64(k,c): return mix((k+(c+1)*G)&M)
def shuffle(a,k):
    c=0
    for i in range(len(a)-1,0,-1):
        b=i+1; rej=(1<<64)%b
        while True:
            r=u64(k,c); c+=1
            if r>=rej: break
        j=r%b; a[i],a[j]=a[j],a[i]
    return a
print('splitmix 1234567:', [u64(1234567,c) for c in range(3)])
print('splitmix 0:', hex(u64(0,0)))
print('key(42,1,0)=%#x'%key(42,1,0))
print('shuffle10 key 42:', shuffle(list(range(10)),42))
print('epoch seed 7 e0:', shuffle(list(range(10)),key(7,2,0)))
print('epoch seed 7 e1:', shuffle(list(range(10)),key(7,2,1)))
def split(y,k,n_test,seed):
    n=len(y); cnt=[y.count(c) for c in range(k)]
    q=[n_test*cnt[c]//n for c in range(k)]; left=n_test-sum(q)
    order=sorted(range(k),key=lambda c:(-(n_test*cnt[c]%n),c))
    for c in order[:left]: q[c]+=1
    test=set()
    for c in range(k):
        m=[i for i in range(n) if y[i]==c]; shuffle(m,key(seed,1,c)); test|=set(m[:q[c]])
    return q,sorted(test)
iris=[int(l.split(',')[-1]) for l in open('examples/data/iris.csv').read().splitlines()[1:]]
q,t=split(iris,3,30,1); print('iris seed1 quota',q,'test',t)
import gzip
dig=[int(l.split(',')[-1]) for l in gzip.open('examples/data/digits.csv.gz','rt').read().splitlines()]
q,t=split(dig,10,360,1); print('digits seed1 quota',q,'first test',t[:8],'last',t[-3:])
def uniform(k,c,b):
    rej=(1<<64)%b
    while True:
        r=u64(k,c); c+=1
        if r>=rej: return r%b,c
c=0; out=[]
for i in range(6):
    v,c=uniform(5,c,(1<<63)+1); out.append(v)
print('uniform key 5 bound 2^63+1:', ', '.join('%du'%v for v in out), 'counter', c)
