// Other forms of the claim model, tried against the linear one on the same labelled rows
// (issue #16, fifth pass; results in docs/corpus-review/claims.md, "Fifth pass"). Not used at run time.
//
//   node esbuild.mjs --claims && node out/scripts/claims/fit.js --dump /tmp/rows.jsonl
//   ROWS=/tmp/rows.jsonl node scripts/claims/forms.mjs FORM [THRESHOLD=0.36] [L2=1] [TREES=20] [--sites]
//
// FORM: linear | conj (+ figure × each counter-signal) | linear-trees (+ boosted depth-2 trees on the
// residual; Newton without sign constraints) | gdlin (the fit.ts form, sign-constrained, by Adam) |
// gdcap (figure evidence saturates: C·tanh(P/C), C fitted) | gdscale (counter-signals scale the
// figure evidence: P·exp(−Σa), a ≥ 0 fitted). Env SOFT=id,id treats those vetoes as fitted
// counter-signals; GATE_ADD=id,id opens the gate on more features. Prints leave-one-site-out
// precision/recall at THRESHOLD (and 0.3/0.5/0.7) and log-loss.
import { readFileSync } from 'node:fs';
const rows = readFileSync(process.env.ROWS || '/tmp/rows.jsonl','utf8').trim().split('\n').map(JSON.parse);
const d = JSON.parse(readFileSync(new URL('../../data/claims/detector.json', import.meta.url),'utf8'));
const group = Object.fromEntries(d.features.map(f=>[f.id,f.group]));
const FEATS = [...new Set(rows.flatMap(r=>r.features))].sort();
const sites = [...new Set(rows.map(r=>r.site))].sort();
const sig = z=>1/(1+Math.exp(-z));
const args = process.argv.slice(2);
const mode = args[0]||'linear';
const T = Number(args[1]||0.36);
// feature maps
const FIG = new Set(FEATS.filter(f=>['number','change','superlative'].includes(group[f]) && f!=='number.any' && f!=='number.count'));
const AGAINST = FEATS.filter(f=>group[f]==='against' || group[f]==='context');
function featurize(r, extra) {
  const fs = new Set(r.features);
  for (const f of r.fixed) fs.add('FX:'+f);
  const out = [...r.features];
  if (extra.includes('conj')) {
    const fig = r.features.some(f=>FIG.has(f));
    const src = r.features.some(f=>group[f]==='source');
    if (fig) for (const a of r.features) if (group[a]==='against'||group[a]==='context') out.push('fig*'+a);
    if (fig) for (const a of r.fixed) out.push('fig*'+a);
    if (fig && !src) out.push('fig*nosource');
    const nfig = r.features.filter(f=>FIG.has(f)).length;
    if (nfig>=3) out.push('nfig>=3');
  }
  return out;
}
function fitLin(train, names, l2=1, signOf=()=>0) {
  const idx = new Map(names.map((n,i)=>[n,i])); const D=names.length;
  const X = train.map(r=>r.fx.map(f=>idx.get(f)).filter(i=>i!==undefined));
  let th = new Float64Array(D+1);
  for (let it=0; it<60; it++) {
    const g=new Float64Array(D+1); const H=Array.from({length:D+1},()=>new Float64Array(D+1));
    train.forEach((r,n)=>{ let z=th[D]+r.offset; for(const k of X[n]) z+=th[k]; const p=sig(z); const e=p-r.y, v=p*(1-p);
      const id=[...X[n],D]; for(const a of id){g[a]+=e; for(const c of id) H[a][c]+=v;} });
    for(let k=0;k<D;k++){g[k]+=l2*th[k]; H[k][k]+=l2;}
    H[D][D]+=1e-6;
    const st=solve(H,g); let mx=0; for(let k=0;k<=D;k++){th[k]-=st[k]; mx=Math.max(mx,Math.abs(st[k]));}
    if(mx<1e-7) break;
  }
  return { w: Object.fromEntries(names.map((n,i)=>[n,th[i]])), b: th[D] };
}
function solve(A,b){const n=b.length;const M=A.map((row,i)=>{const r=new Float64Array(n+1);r.set(row);r[n]=b[i];return r;});
 for(let c=0;c<n;c++){let p=c;for(let r=c+1;r<n;r++)if(Math.abs(M[r][c])>Math.abs(M[p][c]))p=r;[M[c],M[p]]=[M[p],M[c]];
 for(let r=c+1;r<n;r++){const f=M[r][c]/M[c][c];if(f)for(let k=c;k<=n;k++)M[r][k]-=f*M[c][k];}}
 const x=new Float64Array(n);for(let r=n-1;r>=0;r--){let s=M[r][n];for(let k=r+1;k<n;k++)s-=M[r][k]*x[k];x[r]=s/M[r][r];}return x;}
// depth-2 boosted trees on residual of linear (binary features incl fixed)
function fitTrees(train, base, nT=30, lr=0.3, lam=5, minLeaf=8) {
  const trees=[]; const F=[...new Set(train.flatMap(r=>r.all))];
  const z = train.map(base);
  for (let t=0;t<nT;t++){
    const g=train.map((r,n)=>sig(z[n])-r.y), h=train.map((r,n)=>{const p=sig(z[n]);return p*(1-p);});
    const leafGain=(ids)=>{let G=0,Hh=0;for(const i of ids){G+=g[i];Hh+=h[i];}return {G,H:Hh,score:G*G/(Hh+lam),val:-G/(Hh+lam)};};
    const allIds=train.map((_,i)=>i);
    const best1=split(allIds);
    if(!best1) break;
    const [L,R]=best1.parts;
    const sL=split(L), sR=split(R);
    const leaf=(ids)=>({v:lr*leafGain(ids).val});
    const node={f:best1.f, yes: sL?{f:sL.f,yes:leaf(sL.parts[0]),no:leaf(sL.parts[1])}:leaf(L), no: sR?{f:sR.f,yes:leaf(sR.parts[0]),no:leaf(sR.parts[1])}:leaf(R)};
    trees.push(node);
    train.forEach((r,n)=>z[n]+=evalTree(node,r.set));
    function split(ids){ let best=null; const base=leafGain(ids).score;
      for(const f of F){const a=[],b=[];for(const i of ids)(train[i].set.has(f)?a:b).push(i); if(a.length<minLeaf||b.length<minLeaf)continue;
        const gain=leafGain(a).score+leafGain(b).score-base; if(!best||gain>best.gain)best={f,gain,parts:[a,b]};}
      return best&&best.gain>1?best:null; }
  }
  return trees;
}
function evalTree(n,set){ while(!('v' in n)) n = set.has(n.f)?n.yes:n.no; return n.v; }
const GATE=new Set(d.gate.features); for (const g of (process.env.GATE_ADD||'').split(',').filter(Boolean)) GATE.add(g);
const SOFT=new Set((process.env.SOFT||'').split(',').filter(Boolean));
for (const r of rows) { const vs=r.vetoes.filter(v=>!SOFT.has(v)); r.features=[...r.features,...r.vetoes.filter(v=>SOFT.has(v))]; r.candidate = !vs.length && (r.features.some(f=>GATE.has(f))||r.fixed.some(f=>GATE.has(f))); }
// FIXW=id:w,id:w: hold those features at a hand-set weight (an offset, not fitted), as `fixed` in the data.
const FIXW = new Map((process.env.FIXW || '').split(',').filter(Boolean).map((x) => { const [id, w] = x.split(':'); return [id, Number(w)]; }));
for (const r of rows) for (const [id, w] of FIXW) if (r.features.includes(id)) { r.features = r.features.filter((f) => f !== id); r.offset += w; }
// VETO_UNLESS=id,id: those features veto a sentence unless a source feature (group source) fires in it.
const VU = new Set((process.env.VETO_UNLESS || '').split(',').filter(Boolean));
for (const r of rows) if (r.features.some((f) => VU.has(f)) && !r.features.some((f) => group[f] === 'source')) r.candidate = false;
for (const r of rows) { r.fx = featurize(r, mode); r.all=[...r.features, ...r.fixed]; r.set=new Set(r.all); }
function fitGD(train, names, l2, form){
  const idx=new Map(names.map((n,i)=>[n,i])); const D=names.length;
  const pos=names.map(n=>['number','change','superlative','source','time','user'].includes(group[n]) ? 1 : 0);
  const X=train.map(r=>r.fx.map(f=>idx.get(f)).filter(i=>i!==undefined));
  const w=new Float64Array(D), a=new Float64Array(D), ma=new Float64Array(D), va=new Float64Array(D), m1=new Float64Array(D+2), v1=new Float64Array(D+2); let b=-2, c=Math.log(3); // C=exp(c)
  const lr=0.03;
  for(let it=1;it<=1500;it++){
    const g=new Float64Array(D+2); const ga=new Float64Array(D);
    train.forEach((r,n)=>{ let P=0,N=0; for(const k of X[n]) (pos[k]?P+=w[k]:N+=w[k]); const C=Math.exp(c);
      let sat, dsat, dc;
      if(form==='scale'){ let A=0; for(const k of X[n]) if(!pos[k]) A+=a[k]; const s=Math.exp(-A); const z=b+r.offset+P*s+N; const e=sig(z)-r.y;
        for(const k of X[n]){ if(pos[k]) g[k]+=e*s; else { g[k]+=e; ga[k]+=e*(-P*s); } } g[D]+=e; return; }
      if(form==='cap'){ const t=Math.tanh(P/C); sat=C*t; dsat=1-t*t; dc=(t - (P/C)*(1-t*t))*C; }
      else { sat=P; dsat=1; dc=0; }
      const z=b+r.offset+sat+N; const e=sig(z)-r.y;
      for(const k of X[n]) g[k]+= e*(pos[k]?dsat:1);
      g[D]+=e; g[D+1]+=e*dc; });
    for(let k=0;k<D;k++) g[k]+=l2*w[k];
    const upd=(k,gk)=>{m1[k]=0.9*m1[k]+0.1*gk; v1[k]=0.999*v1[k]+0.001*gk*gk; const mh=m1[k]/(1-0.9**it), vh=v1[k]/(1-0.999**it); return lr*mh/(Math.sqrt(vh)+1e-8);};
    for(let k=0;k<D;k++){ w[k]-=upd(k,g[k]); if(pos[k]&&w[k]<0)w[k]=0; if(group[names[k]]==='against'&&w[k]>0)w[k]=0; }
    if(form==='scale') for(let k=0;k<D;k++){ if(pos[k]) continue; const gk=ga[k]+l2*a[k]; ma[k]=0.9*ma[k]+0.1*gk; va[k]=0.999*va[k]+0.001*gk*gk; a[k]-=lr*(ma[k]/(1-0.9**it))/(Math.sqrt(va[k]/(1-0.999**it))+1e-8); if(a[k]<0)a[k]=0; }
    b-=upd(D,g[D]); c-=upd(D+1,g[D+1]);
  }
  if(process.env.DBG) console.error("C",Math.exp(c).toFixed(2),"b",b.toFixed(2));
  return r=>{ let P=0,N=0; for(const f of r.fx){const k=idx.get(f); if(k===undefined)continue; (pos[k]?P+=w[k]:N+=w[k]);} const C=Math.exp(c); let A=0; if(form==='scale') for(const f of r.fx){const k=idx.get(f); if(k!==undefined&&!pos[k]) A+=a[k];} return b+r.offset+(form==='cap'?C*Math.tanh(P/C):form==='scale'?P*Math.exp(-A):P)+N; };
}
function model(train){
  if(mode.startsWith('gd')){ const names=[...new Set(train.flatMap(r=>r.fx))]; const z=fitGD(train.filter(r=>r.candidate),names,Number(args[2]||1),mode==='gdcap'?'cap':mode==='gdscale'?'scale':'lin'); return r=>r.candidate?sig(z(r)):0; }
  const names=[...new Set(train.flatMap(r=>r.fx))];
  const l2 = Number(args[2]||1);
  const m=fitLin(train.filter(r=>r.candidate),names,l2);
  const lin=r=>m.b+r.offset+r.fx.reduce((a,f)=>a+(m.w[f]??0),0);
  if(mode.includes('trees')){ const nT=Number(args[3]||20); const tr=fitTrees(train.filter(r=>r.candidate),lin,nT); return r=>r.candidate?sig(lin(r)+tr.reduce((a,t)=>a+evalTree(t,r.set),0)):0; }
  return r=>r.candidate?sig(lin(r)):0;
}
const preds=[];
for(const s of sites){const m=model(rows.filter(r=>r.site!==s)); for(const r of rows.filter(r=>r.site===s)) preds.push({r,p:m(r)});}
const fig=(ps,t)=>{let tp=0,fp=0,fn=0;for(const{r,p}of ps){if(p>=t&&r.y)tp++;else if(p>=t)fp++;else if(r.y)fn++;}return{P:tp/(tp+fp),R:tp/(tp+fn),tp,fp,fn};};
const clip=p=>Math.min(1-1e-3,Math.max(1e-3,p));
const ll=preds.reduce((a,{r,p})=>a-(r.y?Math.log(clip(p)):Math.log(1-clip(p))),0)/preds.length;
const f=fig(preds,T);
console.log(`${mode} T=${T} LOSO P ${f.P.toFixed(3)} R ${f.R.toFixed(3)} ll ${ll.toFixed(4)}  | `+[0.3,0.5,0.7].map(t=>{const x=fig(preds,t);return `${t}:${x.P.toFixed(3)}/${x.R.toFixed(3)}`}).join(' '));
if(args.includes('--sites')) for(const s of sites){const x=fig(preds.filter(p=>p.r.site===s),T); console.log(`  ${s.padEnd(28)} ${x.P.toFixed(3)} ${x.R.toFixed(3)} (${x.tp+x.fn})`);}
